// Rows of the language table for Chinese (Simplified, Traditional), Japanese and Korean: labels and the conventions of East Asian letters.
import { COMMON, labelThen, type LanguageTable } from './language-row.js';

/**
 * What Chinese, Japanese and Korean letters share: the addressee as "title name honorific" on
 * one line below the organization, and the date at the end of the letter, above the names.
 */
const EAST_ASIAN = {
  ...COMMON,
  addressee: 'title-first',
  honorific: 'after',
  dateAfterBody: true,
} as const satisfies Partial<LanguageTable>;

/** Chinese and Japanese: "秋山眞兄（日本ネグロス・キャンペーン委員会）", parts listed with 、. */
const IN_BRACKETS = {
  separator: '、',
  brackets: ['（', '）'],
  affiliationInBrackets: true,
} as const satisfies Partial<LanguageTable>;

export const EAST_ASIAN_ROWS: Record<string, LanguageTable> = {
  // zh, zh-Hans, zh-CN, zh-SG: Simplified Chinese, as written on the mainland.
  zh: {
    ...EAST_ASIAN,
    ...IN_BRACKETS,
    quotes: ['“', '”', '‘', '’'],
    subject: '事由：',
    cc: '抄送：',
    to: '致',
    toLine: (a) => `致${a}`,
    organizations: '联署团体',
    individuals: '联署个人',
    individualsNote: '所列机构仅供识别身份之用。',
    letterTo: (a) => `致${a}的信`,
    openLetter: '公开信',
    salutation: '尊敬的部长：',
    signoff: '此致 敬礼',
    placeAndDate: (place, date) => `${date}于${place}`,
  },
  // zh-Hant, zh-TW, zh-HK, zh-MO: Traditional Chinese, with the corner brackets Taiwan and Hong Kong quote with.
  'zh-Hant': {
    ...EAST_ASIAN,
    ...IN_BRACKETS,
    quotes: ['「', '」', '『', '』'],
    subject: '主旨：',
    cc: '副本：',
    to: '致',
    toLine: (a) => `致${a}`,
    organizations: '聯署團體',
    individuals: '聯署個人',
    individualsNote: '所列機構僅供識別身份之用。',
    letterTo: (a) => `致${a}的信`,
    openLetter: '公開信',
    salutation: '敬啟者：',
    signoff: '此致 敬禮',
    placeAndDate: (place, date) => `${date}於${place}`,
  },
  ja: {
    ...EAST_ASIAN,
    ...IN_BRACKETS,
    quotes: ['「', '」', '『', '』'],
    subject: '件名：',
    cc: '写し送付先：',
    to: '宛先',
    // "内閣総理大臣 小泉純一郎 殿" addresses the letter by itself: no word before it.
    toLine: (a) => a,
    organizations: '賛同団体',
    individuals: '賛同個人',
    individualsNote: '所属は識別のためにのみ記載しています。',
    letterTo: (a) => `${a}宛て書簡`,
    openLetter: '公開書簡',
    salutation: '拝啓',
    signoff: '敬具',
    placeAndDate: (place, date) => `${date} ${place}`,
  },
  ko: {
    ...EAST_ASIAN,
    quotes: ['“', '”', '‘', '’'],
    subject: '제목:',
    cc: '참조:',
    to: '수신:',
    toLine: labelThen('수신:'),
    organizations: '참여 단체',
    individuals: '참여 개인',
    individualsNote: '소속은 신원 확인 목적으로만 표기합니다.',
    letterTo: (a) => `${a}께 보내는 서한`,
    openLetter: '공개서한',
    salutation: '존경하는 장관님께',
    signoff: '감사합니다.',
  },
};
