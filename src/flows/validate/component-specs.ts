/**
 * What each Flow JSON component accepts, from Meta's components reference (docs/protocol.md §4).
 * Limits are in characters and apply only to static strings: a `${data.x}` binding is
 * checked at runtime by the client, not here.
 */

export type ActionName = 'navigate' | 'data_exchange' | 'complete' | 'update_data' | 'open_url';
export type ActionSlot = 'on-click-action' | 'on-select-action' | 'on-unselect-action';

export interface ComponentSpec {
  /** First Flow JSON version that knows the component. */
  readonly since: string;
  readonly required: readonly string[];
  /** Every property the component accepts (besides `type`); null = not checked. */
  readonly allowed: readonly string[] | null;
  readonly textLimits?: Readonly<Record<string, number>>;
  readonly actions?: Partial<Record<ActionSlot, readonly ActionName[]>>;
  /** Properties required only from a Flow JSON version on (Meta: selection labels from 4.0). */
  readonly requiredSince?: Readonly<Record<string, string>>;
  /** Min/max entries of a static `data-source` (or `list-items`, `images`); a lower max when any has an image. */
  readonly options?: {
    readonly key: string;
    readonly min: number;
    readonly max: number;
    readonly maxWithImages?: number;
  };
  readonly enums?: Readonly<Record<string, readonly string[]>>;
  /** Produces a form field under its `name`. */
  readonly input?: boolean;
}

const INPUT_COMMON = ['name', 'label', 'required', 'visible', 'enabled', 'init-value', 'error-message', 'helper-text'];
const SELECTION = [
  ...INPUT_COMMON,
  'data-source',
  'description',
  'media-size',
  'on-select-action',
  'on-unselect-action',
];
const TEXT = ['text', 'visible', 'font-weight', 'strikethrough', 'markdown'];
const LINK_ACTIONS: readonly ActionName[] = ['navigate', 'data_exchange', 'open_url'];
const SELECT_ACTIONS: readonly ActionName[] = ['data_exchange', 'update_data'];
const UNSELECT_ACTIONS: readonly ActionName[] = ['update_data'];
const MEDIA_SIZE = ['regular', 'large'];

export const COMPONENTS: Readonly<Record<string, ComponentSpec>> = {
  TextHeading: { since: '1.0', required: ['text'], allowed: ['text', 'visible'], textLimits: { text: 80 } },
  TextSubheading: { since: '1.0', required: ['text'], allowed: ['text', 'visible'], textLimits: { text: 80 } },
  TextBody: {
    since: '1.0',
    required: ['text'],
    allowed: TEXT,
    textLimits: { text: 4096 },
    enums: { 'font-weight': ['bold', 'italic', 'bold_italic', 'normal'] },
  },
  TextCaption: {
    since: '1.0',
    required: ['text'],
    allowed: TEXT,
    textLimits: { text: 409 },
    enums: { 'font-weight': ['bold', 'italic', 'bold_italic', 'normal'] },
  },
  RichText: { since: '5.1', required: ['text'], allowed: ['text', 'visible'] },
  TextInput: {
    since: '1.0',
    required: ['name', 'label'],
    input: true,
    allowed: [...INPUT_COMMON, 'label-variant', 'input-type', 'pattern', 'min-chars', 'max-chars'],
    textLimits: { label: 20, 'helper-text': 80, 'error-message': 30 },
    enums: { 'input-type': ['text', 'number', 'email', 'password', 'passcode', 'phone'], 'label-variant': ['large'] },
  },
  TextArea: {
    since: '1.0',
    required: ['name', 'label'],
    input: true,
    allowed: [...INPUT_COMMON, 'label-variant', 'max-length'],
    textLimits: { label: 20, 'helper-text': 80 },
    enums: { 'label-variant': ['large'] },
  },
  CheckboxGroup: {
    since: '1.0',
    required: ['name', 'data-source'],
    requiredSince: { label: '4.0' },
    input: true,
    allowed: [...SELECTION, 'min-selected-items', 'max-selected-items'],
    textLimits: { label: 30 },
    actions: { 'on-select-action': SELECT_ACTIONS, 'on-unselect-action': UNSELECT_ACTIONS },
    options: { key: 'data-source', min: 1, max: 20 },
    enums: { 'media-size': MEDIA_SIZE },
  },
  RadioButtonsGroup: {
    since: '1.0',
    required: ['name', 'data-source'],
    requiredSince: { label: '4.0' },
    input: true,
    allowed: SELECTION,
    textLimits: { label: 30 },
    actions: { 'on-select-action': SELECT_ACTIONS, 'on-unselect-action': UNSELECT_ACTIONS },
    options: { key: 'data-source', min: 1, max: 20 },
    enums: { 'media-size': MEDIA_SIZE },
  },
  ChipsSelector: {
    since: '6.3',
    required: ['name', 'data-source', 'label'],
    input: true,
    allowed: [...SELECTION, 'min-selected-items', 'max-selected-items'],
    textLimits: { label: 80, description: 300 },
    actions: { 'on-select-action': SELECT_ACTIONS, 'on-unselect-action': UNSELECT_ACTIONS },
    options: { key: 'data-source', min: 2, max: 20 },
  },
  Dropdown: {
    since: '1.0',
    required: ['name', 'label', 'data-source'],
    input: true,
    allowed: SELECTION,
    textLimits: { label: 20 },
    actions: { 'on-select-action': SELECT_ACTIONS, 'on-unselect-action': UNSELECT_ACTIONS },
    options: { key: 'data-source', min: 1, max: 200, maxWithImages: 100 },
  },
  Footer: {
    since: '1.0',
    required: ['label', 'on-click-action'],
    allowed: ['label', 'left-caption', 'center-caption', 'right-caption', 'enabled', 'on-click-action'],
    textLimits: { label: 35, 'left-caption': 15, 'center-caption': 15, 'right-caption': 15 },
    actions: { 'on-click-action': ['navigate', 'data_exchange', 'complete'] },
  },
  OptIn: {
    since: '1.0',
    required: ['name', 'label'],
    input: true,
    allowed: [
      'name',
      'label',
      'required',
      'visible',
      'init-value',
      'on-click-action',
      'on-select-action',
      'on-unselect-action',
    ],
    textLimits: { label: 120 },
    actions: {
      'on-click-action': LINK_ACTIONS,
      'on-select-action': UNSELECT_ACTIONS,
      'on-unselect-action': UNSELECT_ACTIONS,
    },
  },
  EmbeddedLink: {
    since: '1.0',
    required: ['text', 'on-click-action'],
    allowed: ['text', 'visible', 'on-click-action'],
    textLimits: { text: 25 },
    actions: { 'on-click-action': LINK_ACTIONS },
  },
  DatePicker: {
    since: '1.0',
    required: ['name', 'label'],
    input: true,
    allowed: [...INPUT_COMMON, 'min-date', 'max-date', 'unavailable-dates', 'on-select-action'],
    textLimits: { label: 40, 'helper-text': 80, 'error-message': 80 },
    actions: { 'on-select-action': ['data_exchange'] },
  },
  CalendarPicker: {
    since: '6.1',
    required: ['name', 'label'],
    input: true,
    allowed: [
      ...INPUT_COMMON,
      'title',
      'description',
      'mode',
      'min-date',
      'max-date',
      'unavailable-dates',
      'include-days',
      'min-days',
      'max-days',
      'on-select-action',
    ],
    textLimits: { title: 80, description: 300, label: 40, 'helper-text': 80, 'error-message': 80 },
    actions: { 'on-select-action': ['data_exchange'] },
    enums: { mode: ['single', 'range'] },
  },
  Image: {
    since: '1.0',
    required: ['src'],
    allowed: ['src', 'width', 'height', 'scale-type', 'aspect-ratio', 'alt-text', 'visible'],
    enums: { 'scale-type': ['cover', 'contain'] },
  },
  ImageCarousel: {
    since: '7.1',
    required: ['images'],
    allowed: ['images', 'aspect-ratio', 'scale-type', 'visible'],
    options: { key: 'images', min: 1, max: 3 },
    enums: { 'aspect-ratio': ['4:3', '16:9'], 'scale-type': ['cover', 'contain'] },
  },
  NavigationList: {
    since: '6.2',
    required: ['name', 'list-items'],
    allowed: ['name', 'list-items', 'label', 'description', 'media-size', 'on-click-action', 'visible'],
    textLimits: { label: 80, description: 300 },
    actions: { 'on-click-action': ['navigate', 'data_exchange'] },
    options: { key: 'list-items', min: 1, max: 20 },
    enums: { 'media-size': MEDIA_SIZE },
  },
  If: { since: '4.0', required: ['condition', 'then'], allowed: ['condition', 'then', 'else'] },
  Switch: { since: '4.0', required: ['value', 'cases'], allowed: ['value', 'cases'] },
  Form: {
    since: '1.0',
    required: ['name', 'children'],
    allowed: ['name', 'children', 'init-values', 'error-messages'],
  },
  PhotoPicker: { since: '4.0', required: ['name', 'label'], allowed: null, input: true },
  DocumentPicker: { since: '4.0', required: ['name', 'label'], allowed: null, input: true },
};

/** Option item fields and their limits (Dropdown, RadioButtonsGroup, CheckboxGroup, ChipsSelector). */
export const OPTION_TEXT_LIMITS: Readonly<Record<string, number>> = { title: 30, description: 300, metadata: 20 };

/** Actions and the version that introduced them (docs/protocol.md §4: update_data and open_url are 6.0+). */
export const ACTION_SINCE: Readonly<Record<ActionName, string>> = {
  navigate: '1.0',
  data_exchange: '1.0',
  complete: '1.0',
  update_data: '6.0',
  open_url: '6.0',
};

export const MAX_COMPONENTS_PER_SCREEN = 50;
export const MAX_TEXTAREA_LENGTH = 600;
/** Per-screen caps on how many of a component type may render at once. */
export const PER_SCREEN_CAPS = {
  Footer: { max: 1, code: 'TOO_MANY_FOOTERS' },
  OptIn: { max: 5, code: 'TOO_MANY_OPT_INS' },
  EmbeddedLink: { max: 2, code: 'TOO_MANY_EMBEDDED_LINKS' },
  Image: { max: 3, code: 'TOO_MANY_IMAGES' },
  NavigationList: { max: 2, code: 'NAVIGATION_LIST_MISUSED' },
} as const;
