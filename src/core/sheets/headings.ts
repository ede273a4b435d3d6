//! What a sign-up form's question is asking for, read from its words: "Your full name (as it
//! should appear)", "Name der Organisation", "Role in organization", "Imię i nazwisko". A form's
//! questions are written by whoever made it, so headings are taken apart into words — case,
//! accents, punctuation, "your", "please enter", "(required)" set aside — and matched against
//! each field's words and stems in English, French, German, Spanish, Italian, Portuguese,
//! Dutch and Polish, the more particular fields first ("Organization e-mail" is an e-mail,
//! "Role in organization" a title, "Name of organization" an organization).

/** A field a heading can mean (the signatory fields letters imports, or half of a name). */
export type HeadingTarget = string;

interface Vocabulary {
  target: HeadingTarget;
  /** Whole words, or stems ending in `*`; several words in one string must stand together. */
  words: readonly string[];
  /** Words that, anywhere in the heading, say it asks for something else. */
  not?: readonly string[];
}

/** Words of an organization, which other fields' headings often mention ("Role in organization"). */
const ORGANIZATION_WORDS = [
  'organization*',
  'organisation*',
  'organizacion*',
  'organizzazion*',
  'organizacao',
  'organizacoes',
  'organizacj*',
  'organisatie*',
  'organisme',
  'organismo',
  'org',
  'ngo',
  'ong',
  'company',
  'association',
  'asociacion',
  'associazione',
  'associacao',
  'vereniging',
  'stowarzyszeni*',
  'verband',
  'verein',
  'stichting',
  'fundacja',
  'fundacion',
  'fondazione',
  'fundacao',
  'foundation',
  'entity',
  'entidad',
  'entidade',
  'entite',
  'ente',
  'empresa',
  'entreprise',
  'unternehmen',
  'firma',
  'azienda',
  'bedrijf',
  'structure',
  'collectif',
  'colectivo',
  'coletivo',
  'collettivo',
  'kollektiv',
  'kolektyw',
  'razon social',
  'ragione sociale',
  'nazwa',
  'group name',
];

/** Birth, consent and the like: a date or a name that is not the signature's. */
const BIRTH = ['birth', 'naissance', 'geburt*', 'nacimiento', 'nascita', 'nascimento', 'geboorte*', 'urodzenia', 'birthday'];

/**
 * The fields in the order they are tried: the most particular first. A heading is the first
 * field one of whose words it holds and none of whose `not` words.
 */
const VOCABULARY: readonly Vocabulary[] = [
  {
    target: 'email',
    words: ['email*', 'e mail*', 'mail', 'courriel', 'correo', 'posta elettronica', 'mailadres', 'emailadres', 'e mailadres', 'poczta'],
    not: ['mailing', 'postal', 'newsletter', 'subscribe', 'list'],
  },
  {
    target: 'phone',
    words: [
      'phone*',
      'telephone*',
      'tel',
      'telefon*',
      'telefoon*',
      'telefono',
      'telefone',
      'mobile',
      'mobil*',
      'cell',
      'cellphone',
      'portable',
      'handy',
      'movil',
      'celular',
      'cellulare',
      'telemovel',
      'komorka',
      'gsm',
      'whatsapp',
    ],
  },
  {
    target: 'signed',
    words: [
      'timestamp',
      'horodateur',
      'horodatage',
      'zeitstempel',
      'marca temporal',
      'marca de tiempo',
      'marca temporale',
      'informazioni cronologiche',
      'carimbo de data',
      'tijdstempel',
      'sygnatura czasowa',
      'date',
      'datum',
      'fecha',
      'data',
      'submitted',
      'submission',
      'submit date',
      'completion time',
      'completed',
      'created',
      'signed',
      'time',
      'hora',
    ],
    not: [
      ...BIRTH,
      'start',
      'started',
      'modified',
      'modification',
      'updated',
      'protection',
      'privacy',
      'processing',
      'consent',
      'deadline',
    ],
  },
  {
    target: 'country',
    words: ['country', 'countries', 'nation', 'pays', 'land', 'pais', 'paese', 'nazione', 'kraj', 'panstwo', 'country region'],
    not: ['code', 'dial', 'prefix', 'calling'],
  },
  { target: 'sort_as', words: ['sort as', 'sort', 'sort key'] },
  {
    target: 'highlight',
    words: [
      'highlight*',
      'bold',
      'mettre en avant',
      'en gras',
      'hervorheben',
      'hervorgehoben',
      'fett',
      'destacar',
      'destacado',
      'en negrita',
      'evidenziare',
      'in evidenza',
      'grassetto',
      'negrito',
      'markeren',
      'vet',
      'wyroznij',
      'wyroznienie',
      'pogrubienie',
    ],
  },
  {
    target: 'description',
    words: [
      'description',
      'descripcion',
      'descrizione',
      'descricao',
      'beschrijving',
      'omschrijving',
      'opis',
      'beschreibung',
      'kurzbeschreibung',
      'about',
      'bio',
      'biography',
      'presentation',
      'presentacion',
      'presentazione',
      'apresentacao',
      'who we are',
      'qui sommes nous',
      'uber uns',
      'quienes somos',
      'chi siamo',
      'quem somos',
      'over ons',
      'o nas',
      'tagline',
    ],
    not: ['hear', 'heard', 'found', 'learn', 'learned', 'how', 'event'],
  },
  {
    target: 'notes',
    words: [
      'notes',
      'note',
      'comments',
      'comment',
      'remarks',
      'remark',
      'remarques',
      'commentaire*',
      'anmerkung*',
      'bemerkung*',
      'kommentar*',
      'notas',
      'comentario*',
      'commenti',
      'commento',
      'osservazioni',
      'observacoes',
      'opmerking*',
      'notities',
      'uwagi',
      'komentarz*',
    ],
  },
  {
    target: 'group',
    words: [
      'group',
      'category',
      'groupe',
      'categorie',
      'gruppe',
      'kategorie',
      'grupo',
      'categoria',
      'gruppo',
      'groep',
      'grupa',
      'kategoria',
    ],
    not: [...ORGANIZATION_WORDS, 'age', 'alter', 'edad', 'eta', 'idade', 'leeftijd', 'wiek', 'size'],
  },
  {
    target: 'title',
    words: [
      'title',
      'job',
      'position',
      'role',
      'function',
      'post',
      'designation',
      'occupation',
      'titre',
      'fonction',
      'poste',
      'qualite',
      'titel',
      'funktion',
      'rolle',
      'amt',
      'stellung',
      'berufsbezeichnung',
      'cargo',
      'puesto',
      'titulo',
      'funcion',
      'rol',
      'ocupacion',
      'ruolo',
      'carica',
      'qualifica',
      'posizione',
      'titolo',
      'funzione',
      'mansione',
      'funcao',
      'posicao',
      'functie',
      'functietitel',
      'positie',
      'stanowisko',
      'funkcja',
      'tytul',
      'rola',
    ],
    not: ['letter', 'petition', 'campaign', 'event', 'project', 'code', 'zip'],
  },
  // A whole name, said as its two halves: "Nom et prénom", "Imię i nazwisko", "Vor- und Nachname".
  { target: 'name', words: ['vor und nachname', 'voor en achternaam', 'nome completo', 'nombre completo', 'full name', 'nom complet'] },
  {
    target: 'first_name',
    words: [
      'first',
      'first name',
      'firstname',
      'given',
      'forename',
      'prenom',
      'vorname',
      'nombre de pila',
      'voornaam',
      'imie',
      'primeiro nome',
    ],
  },
  {
    target: 'last_name',
    words: [
      'last name',
      'lastname',
      'surname',
      'family name',
      'nachname',
      'familienname',
      'apellido',
      'apellidos',
      'cognome',
      'sobrenome',
      'achternaam',
      'nazwisko',
      'nom de famille',
    ],
  },
  {
    target: 'affiliation',
    words: [
      'affiliation',
      'afiliacion',
      'affiliazione',
      'afiliacao',
      'affiliatie',
      'afiliacja',
      'zugehorigkeit',
      'institution',
      'institucion',
      'istituzione',
      'instituicao',
      'instelling',
      'instytucja',
      'university',
      'universite',
      'universitat',
      'universidad',
      'universita',
      'universidade',
      'universiteit',
      'uniwersytet',
      'uczelnia',
      'hochschule',
      'employer',
      'arbeitgeber',
      'werkgever',
      'empleador',
      'pracodawca',
      'etablissement',
    ],
    not: ORGANIZATION_WORDS,
  },
  {
    target: 'organization',
    words: ORGANIZATION_WORDS,
    not: [
      'type',
      'kind',
      'size',
      'website',
      'web',
      'site',
      'url',
      'logo',
      'address',
      'adresse',
      'city',
      'town',
      'members',
      'membership',
      'sector',
      'individual',
      'individually',
      'budget',
      'founded',
      'year',
      'staff',
      'employees',
      'twitter',
      'facebook',
      'instagram',
      'social',
      'link',
      'organizer',
      'organiser',
      'organizador',
      'organizzatore',
    ],
  },
  {
    target: 'name',
    words: [
      'name',
      'names',
      'naam',
      'nome',
      'nombre',
      'nom',
      'signatory',
      'signatories',
      'signer',
      'signee',
      'signataire',
      'firmante',
      'firmatario',
      'signatario',
      'unterzeichner*',
      'ondertekenaar',
      'sygnatariusz',
      'podpisujacy',
      'person',
      'persona',
      'personne',
      'representative',
      'representant',
      'vertreter*',
      'representante',
      'rappresentante',
      'vertegenwoordiger',
      'przedstawiciel',
    ],
    not: [
      'user',
      'username',
      'login',
      'account',
      'handle',
      'nick',
      'nickname',
      'file',
      'screen',
      'twitter',
      'instagram',
      'facebook',
      'linkedin',
      'domain',
      'event',
      'project',
      'campaign',
    ],
  },
];

/** Words around the question that say nothing of what it asks. */
const FILLER = new Set(
  (
    'your you yours please enter write here the a an of in at for to as is are what which required optional mandatory ' +
    'votre vos ton ta tes le la les l du des d ici obligatoire requis optionnel facultatif indiquez veuillez saisir ' +
    'ihr ihre ihren dein deine bitte der die das den dem angeben eingeben pflichtfeld erforderlich optional ' +
    'su sus tu por favor introduzca indique escriba el los las del obligatorio opcional ' +
    'il lo gli della dell vostro vostra tuo tua inserisci inserire per obbligatorio facoltativo ' +
    'seu sua os das dos insira informe obrigatorio ' +
    'uw je jouw het vul verplicht ' +
    'twoje twoj wpisz podaj prosze wymagane'
  ).split(' '),
);

/** A question answered yes or no ("Do you agree …?", "Acceptez-vous …", "Czy …"): never a field's value. */
const YES_NO_START = new Set(
  (
    'do does did are is can could would will have has may should shall ' +
    'acceptez accepte etes souhaitez voulez avez ' +
    'sind mochten durfen konnen haben bist willst ' +
    'acepta aceptas desea deseas puede quiere ' +
    'accetti accetta accettate vuoi desideri ' +
    'aceita deseja concorda ' +
    'wil wilt mag gaat bent ' +
    'czy'
  ).split(' '),
);
const CONSENT = /^(agree|consent|accept|accord|acuerdo|akkoord|zgoda|consenso|einverstanden|zustimm)/;

/**
 * A heading as words: accents, case and punctuation set aside, a note in parentheses or
 * brackets dropped, "Signer's" as "signer", ß as ss, ł as l.
 */
export function headingWords(heading: string): string[] {
  return heading
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/['’]s\b/giu, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Where `words` hold `entry` ("e mail*": the two words together, the last one a stem): its first word, or -1. */
function at(words: readonly string[], entry: string): number {
  const parts = entry.split(' ');
  for (let i = 0; i + parts.length <= words.length; i++) {
    if (
      parts.every((p, j) => {
        const w = words[i + j]!;
        return p.endsWith('*') ? w.startsWith(p.slice(0, -1)) : w === p;
      })
    )
      return i;
  }
  return -1;
}

const holds = (words: readonly string[], entry: string): boolean => at(words, entry) !== -1;

/** The words left when the first entry of `entries` found is taken out. */
function without(words: readonly string[], entries: readonly string[]): string[] {
  for (const entry of entries) {
    const i = at(words, entry);
    if (i !== -1) return [...words.slice(0, i), ...words.slice(i + entry.split(' ').length)];
  }
  return [...words];
}

/** Words that name a thing or a person in general ("Nome e cognome": nome is the given name beside cognome). */
const NAME_WORDS = ['name', 'nom', 'nome', 'nombre', 'naam', 'nazwa'];
const GROUP_WORDS = ['group', 'groupe', 'gruppe', 'grupo', 'gruppo', 'groep', 'grupa'];
const byTarget = (target: string): Vocabulary => VOCABULARY.find((v) => v.target === target)!;

/**
 * The field a heading asks for, read from its words, or undefined when it asks for none
 * letters knows (or is a yes/no question). Both halves of a name in one heading ("Nom et
 * prénom") are the whole name.
 */
export function recognizeHeading(heading: string): HeadingTarget | undefined {
  const all = headingWords(heading);
  if (all.length === 0 || YES_NO_START.has(all[0]!) || all.some((w) => CONSENT.test(w))) return undefined;
  const words = all.filter((w) => !FILLER.has(w));
  if (words.length === 0) return undefined;
  // "Name of your group", "Group name": the group that signs, an organization.
  if (GROUP_WORDS.some((g) => holds(words, g)) && NAME_WORDS.some((n) => holds(words, n))) return 'organization';
  for (const v of VOCABULARY) {
    if (v.not?.some((n) => holds(words, n))) continue;
    if (!v.words.some((w) => holds(words, w))) continue;
    if (v.target === 'first_name' || v.target === 'last_name') {
      // The other half, or a general word for a name, beside this half: the whole name.
      const rest = without(words, v.words);
      const other = byTarget(v.target === 'first_name' ? 'last_name' : 'first_name');
      if ([...other.words, ...NAME_WORDS].some((w) => holds(rest, w))) return 'name';
    }
    return v.target;
  }
  return undefined;
}
