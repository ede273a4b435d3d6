//! The words sign-up forms ask for each field with, in English, French, German, Spanish,
//! Italian, Portuguese, Dutch and Polish, accents and case already set aside as headings.ts
//! compares them: whole words, stems ending in `*`, several words that stand together. The
//! fields come in the order they are tried, the most particular first.

/** A field a heading can mean (the signatory fields letters imports, or half of a name). */
export type HeadingTarget = string;

export interface Vocabulary {
  target: HeadingTarget;
  /** Whole words, or stems ending in `*`; several words in one string must stand together. */
  words: readonly string[];
  /** Words that, anywhere in the heading, say it asks for something else. */
  not?: readonly string[];
}

/** A list written as one string, entries split at `|`. */
const w = (list: string): string[] => list.split('|');

/** Words of an organization, which other fields' headings often mention ("Role in organization"). */
export const ORGANIZATION_WORDS = w(
  'organization*|organisation*|organizacion*|organizzazion*|organizacao|organizacoes|organizacj*|organisatie*|organisme|organismo|org|ngo|ong|company|association|asociacion|associazione|associacao|vereniging|stowarzyszeni*|verband|verein|stichting|fundacja|fundacion|fondazione|fundacao|foundation|entity|entidad|entidade|entite|ente|empresa|entreprise|unternehmen|firma|azienda|bedrijf|structure|collectif|colectivo|coletivo|collettivo|kollektiv|kolektyw|razon social|ragione sociale|nazwa|group name',
);

/** Birth, consent and the like: a date or a name that is not the signature's. */
const BIRTH = w('birth|naissance|geburt*|nacimiento|nascita|nascimento|geboorte*|urodzenia|birthday');

/**
 * The fields in the order they are tried: the most particular first. A heading is the first
 * field one of whose words it holds and none of whose `not` words.
 */
export const VOCABULARY: readonly Vocabulary[] = [
  {
    target: 'email',
    words: w('email*|e mail*|mail|courriel|correo|posta elettronica|mailadres|emailadres|e mailadres|poczta'),
    not: w('mailing|postal|newsletter|subscribe|list'),
  },
  {
    target: 'phone',
    words: w(
      'phone*|telephone*|tel|telefon*|telefoon*|telefono|telefone|mobile|mobil*|cell|cellphone|portable|handy|movil|celular|cellulare|telemovel|komorka|gsm|whatsapp',
    ),
  },
  {
    target: 'signed',
    words: w(
      'timestamp|horodateur|horodatage|zeitstempel|marca temporal|marca de tiempo|marca temporale|informazioni cronologiche|carimbo de data|tijdstempel|sygnatura czasowa|date|datum|fecha|data|submitted|submission|submit date|completion time|completed|created|signed|time|hora',
    ),
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
    words: w('country|countries|nation|pays|land|pais|paese|nazione|kraj|panstwo|country region'),
    not: w('code|dial|prefix|calling'),
  },
  { target: 'sort_as', words: w('sort as|sort|sort key') },
  // The language version signed ("Language", "Version signée"), not a language spoken or preferred.
  {
    target: 'lang',
    words: w('language|langue|sprache|sprachversion|idioma|lingua|lingue|taal|jezyk|language version|version signed|version signee'),
    not: w('spoken|speak|speaks|native|mother|preferred|prefered|preference|level|skills|other|communication|contact|newsletter'),
  },
  {
    target: 'highlight',
    words: w(
      'highlight*|bold|mettre en avant|en gras|hervorheben|hervorgehoben|fett|destacar|destacado|en negrita|evidenziare|in evidenza|grassetto|negrito|markeren|vet|wyroznij|wyroznienie|pogrubienie',
    ),
  },
  {
    target: 'description',
    words: w(
      'description|descripcion|descrizione|descricao|beschrijving|omschrijving|opis|beschreibung|kurzbeschreibung|about|bio|biography|presentation|presentacion|presentazione|apresentacao|who we are|qui sommes nous|uber uns|quienes somos|chi siamo|quem somos|over ons|o nas|tagline',
    ),
    not: w('hear|heard|found|learn|learned|how|event'),
  },
  {
    target: 'notes',
    words: w(
      'notes|note|comments|comment|remarks|remark|remarques|commentaire*|anmerkung*|bemerkung*|kommentar*|notas|comentario*|commenti|commento|osservazioni|observacoes|opmerking*|notities|uwagi|komentarz*',
    ),
  },
  {
    target: 'group',
    words: w('group|category|groupe|categorie|gruppe|kategorie|grupo|categoria|gruppo|groep|grupa|kategoria'),
    not: [...ORGANIZATION_WORDS, 'age', 'alter', 'edad', 'eta', 'idade', 'leeftijd', 'wiek', 'size'],
  },
  {
    target: 'title',
    words: w(
      'title|job|position|role|function|post|designation|occupation|titre|fonction|poste|qualite|titel|funktion|rolle|amt|stellung|berufsbezeichnung|cargo|puesto|titulo|funcion|rol|ocupacion|ruolo|carica|qualifica|posizione|titolo|funzione|mansione|funcao|posicao|functie|functietitel|positie|stanowisko|funkcja|tytul|rola',
    ),
    not: w('letter|petition|campaign|event|project|code|zip'),
  },
  // A whole name, said as its two halves: "Nom et prénom", "Imię i nazwisko", "Vor- und Nachname".
  { target: 'name', words: w('vor und nachname|voor en achternaam|nome completo|nombre completo|full name|nom complet') },
  {
    target: 'first_name',
    words: w('first|first name|firstname|given|forename|prenom|vorname|nombre de pila|voornaam|imie|primeiro nome'),
  },
  {
    target: 'last_name',
    words: w(
      'last name|lastname|surname|family name|nachname|familienname|apellido|apellidos|cognome|sobrenome|achternaam|nazwisko|nom de famille',
    ),
  },
  // A person named as such — a signatory, a representative, a contact person — even "of the organization".
  {
    target: 'name',
    words: w(
      'signatory|signatories|signer|signee|signataire|firmante|firmatario|signatario|unterzeichner*|ondertekenaar|sygnatariusz|podpisujacy|person|persona|personne|representative|representant|vertreter*|representante|rappresentante|vertegenwoordiger|przedstawiciel|contact person|nominativo',
    ),
    not: w('type|number|count|how|many|user|username|login|account'),
  },
  {
    target: 'affiliation',
    words: w(
      'affiliation|afiliacion|affiliazione|afiliacao|affiliatie|afiliacja|zugehorigkeit|institution|institucion|istituzione|instituicao|instelling|instytucja|university|universite|universitat|universidad|universita|universidade|universiteit|uniwersytet|uczelnia|hochschule|employer|arbeitgeber|werkgever|empleador|pracodawca|etablissement',
    ),
    not: ORGANIZATION_WORDS,
  },
  {
    target: 'organization',
    words: ORGANIZATION_WORDS,
    not: w(
      'type|kind|size|website|web|site|url|logo|address|adresse|city|town|members|membership|sector|individual|individually|budget|founded|year|staff|employees|twitter|facebook|instagram|social|link|organizer|organiser|organizador|organizzatore',
    ),
  },
  {
    target: 'name',
    words: w(
      'name|names|naam|nome|nombre|nom|signatory|signatories|signer|signee|signataire|firmante|firmatario|signatario|unterzeichner*|ondertekenaar|sygnatariusz|podpisujacy|person|persona|personne|representative|representant|vertreter*|representante|rappresentante|vertegenwoordiger|przedstawiciel',
    ),
    not: w(
      'user|username|login|account|handle|nick|nickname|file|screen|twitter|instagram|facebook|linkedin|domain|event|project|campaign',
    ),
  },
];
