/**
 * The console's own words, one table per language (issue #16: at least English, Arabic, right to left,
 * and Spanish). The business's words (service, staff and location titles) come from its catalog in
 * the language asked, and the server's error messages are shown after a translated lead.
 */
export interface ConsoleStrings {
  readonly dir: 'ltr' | 'rtl';
  readonly locale: string;
  readonly console: string;
  readonly agenda: string;
  readonly customers: string;
  readonly day: string;
  readonly week: string;
  readonly today: string;
  readonly previous: string;
  readonly next: string;
  readonly location: string;
  readonly language: string;
  readonly signIn: string;
  readonly signOut: string;
  readonly username: string;
  readonly password: string;
  readonly signedInAs: (name: string, role: string) => string;
  readonly roles: Readonly<Record<'owner' | 'staff', string>>;
  readonly timesIn: (zone: string) => string;
  readonly live: string;
  readonly reconnecting: string;
  readonly loading: string;
  readonly closed: string;
  readonly noBookings: string;
  readonly holds: string;
  readonly holdsHint: string;
  readonly heldUntil: (time: string) => string;
  readonly cancelledToday: string;
  readonly noStaff: string;
  readonly status: Readonly<Record<'held' | 'confirmed' | 'cancelled' | 'expired', string>>;
  readonly attendance: Readonly<Record<'arrived' | 'no_show' | 'completed', string>>;
  readonly sources: Readonly<Record<'whatsapp' | 'walk_in' | 'phone', string>>;
  readonly bookingsCount: (n: number) => string;
  readonly service: string;
  readonly staff: string;
  readonly anyStaff: string;
  readonly when: string;
  readonly customer: string;
  readonly whatsapp: string;
  readonly email: string;
  readonly typedPhone: string;
  readonly customerNotes: string;
  readonly source: string;
  readonly state: string;
  readonly bookedBy: string;
  readonly cancelledBy: string;
  readonly reason: string;
  readonly moved: (n: number) => string;
  readonly close: string;
  readonly cancelBooking: string;
  readonly cancelReason: string;
  readonly cancelHint: string;
  readonly confirmCancel: string;
  readonly reschedule: string;
  readonly date: string;
  readonly time: string;
  readonly noFreeTimes: string;
  readonly confirmMove: string;
  readonly rescheduleHint: string;
  readonly markArrived: string;
  readonly markNoShow: string;
  readonly markCompleted: string;
  readonly undoMark: string;
  readonly notes: string;
  readonly noNotes: string;
  readonly addNote: string;
  readonly customerHistory: string;
  readonly newBooking: string;
  readonly name: string;
  readonly whatsappOptional: string;
  readonly whatsappHint: string;
  readonly customerLanguage: string;
  readonly theirOwnLanguage: string;
  readonly create: string;
  readonly search: string;
  readonly searchHint: string;
  readonly noMatches: string;
  readonly history: string;
  readonly counts: string;
  readonly completed: string;
  readonly noShows: string;
  readonly cancelled: string;
  readonly lastVisit: string;
  readonly erase: string;
  readonly eraseWarning: string;
  readonly confirmErase: string;
  readonly erased: (n: number) => string;
  readonly unknownLanguage: string;
  readonly failed: string;
  readonly changedMeanwhile: string;
  readonly operations: string;
  readonly flowStopped: (flow: string, status: string, since: string) => string;
  readonly templateUnsendable: (name: string, status: string) => string;
  readonly templateMarketing: (name: string) => string;
  readonly templateRed: (name: string) => string;
  readonly insights: string;
  readonly insightsHint: (zone: string) => string;
  readonly from: string;
  readonly to: string;
  readonly allLocations: string;
  readonly show: string;
  readonly numbers: string;
  readonly chartLabel: (title: string) => string;
  readonly bookingsPerDay: string;
  readonly outcomes: Readonly<Record<'booked' | 'completed' | 'no_show' | 'cancelled', string>>;
  readonly noShowRate: string;
  readonly noShowSummary: (rate: string, noShows: number, started: number) => string;
  readonly noShowNone: string;
  readonly rate: string;
  readonly funnel: string;
  readonly funnelNote: string;
  readonly funnelSteps: Readonly<Record<'INIT' | 'APPOINTMENT' | 'DETAILS' | 'SUMMARY' | 'SUCCESS', string>>;
  readonly sessions: string;
  readonly dropOff: string;
  readonly reminders: string;
  readonly reminderKinds: Readonly<Record<'sent' | 'delivered' | 'read' | 'skipped' | 'removed' | 'failed', string>>;
  readonly busiestHours: string;
  readonly hour: string;
  readonly bookings: string;
  readonly count: string;
  readonly templates: string;
  readonly template: string;
  readonly templateLanguage: string;
  readonly sendable: string;
  readonly yes: string;
  readonly no: string;
  readonly noTemplates: string;
  readonly flowHealth: string;
  readonly flowSendableNow: (flow: string, sendable: boolean) => string;
  readonly noFlowReports: string;
  readonly since: string;
  readonly latestAlerts: string;
  readonly failedJobs: string;
  readonly noFailedJobs: string;
  readonly job: string;
  readonly attempts: string;
  readonly lastError: string;
  readonly retry: string;
  readonly retried: (id: number) => string;
  readonly messagesToday: (date: string, zone: string) => string;
  readonly messageStates: Readonly<Record<'pending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed', string>>;
  readonly total: string;
  readonly catalog: CatalogStrings;
}

/** The catalog editor's words (src/web/console/catalog.tsx). */
export interface CatalogStrings {
  readonly title: string;
  readonly revision: (n: number) => string;
  readonly export: string;
  readonly locations: string;
  readonly services: string;
  readonly staff: string;
  readonly rules: string;
  readonly history: string;
  readonly save: string;
  readonly discard: string;
  readonly saved: (changes: number) => string;
  readonly invalid: (problems: number) => string;
  readonly stale: string;
  readonly addPartDay: string;
  readonly hours: string;
  readonly hoursAt: (place: string) => string;
  readonly closures: string;
  readonly specialDays: string;
  readonly capacity: string;
  readonly capacityHint: string;
  readonly weekdays: Readonly<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string>>;
  readonly opens: string;
  readonly closes: string;
  readonly addInterval: string;
  readonly add: string;
  readonly remove: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly noServices: string;
  readonly newService: string;
  readonly addService: string;
  readonly removeService: string;
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly duration: string;
  readonly bufferBefore: string;
  readonly bufferAfter: string;
  readonly price: string;
  readonly currency: string;
  readonly offeredAt: string;
  readonly offeredAtHint: string;
  readonly serviceRules: string;
  readonly serviceRulesHint: string;
  readonly rulesHint: string;
  readonly rule: Readonly<
    Record<
      | 'slotMinutes'
      | 'bufferMinutes'
      | 'minNoticeMinutes'
      | 'windowDays'
      | 'holdMinutes'
      | 'stepMinutes'
      | 'maxOpenPerCustomer',
      string
    >
  >;
  readonly reminders: string;
  readonly dailyCapacity: string;
  readonly takes: string;
  readonly timeOff: string;
  readonly sources: Readonly<Record<'file' | 'console' | 'api', string>>;
  readonly seeded: string;
  readonly noChanges: string;
  readonly added: (what: string) => string;
  readonly removed: (what: string) => string;
  readonly outsideTitle: (n: number) => string;
  readonly outsideHint: string;
  readonly reasons: Readonly<
    Record<'unknown-location' | 'unknown-service' | 'inactive-unit' | 'no-provider' | 'outside-hours', string>
  >;
}

const en: ConsoleStrings = {
  dir: 'ltr',
  locale: 'en-GB',
  console: 'Console',
  agenda: 'Agenda',
  customers: 'Customers',
  day: 'Day',
  week: 'Week',
  today: 'Today',
  previous: 'Previous',
  next: 'Next',
  location: 'Location',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  username: 'Username',
  password: 'Password',
  signedInAs: (name, role) => `${name} (${role})`,
  roles: { owner: 'owner', staff: 'staff' },
  timesIn: (zone) => `Times in ${zone}`,
  live: 'Live',
  reconnecting: 'Reconnecting…',
  loading: 'Loading…',
  closed: 'Closed',
  noBookings: 'No bookings.',
  holds: 'Being booked now',
  holdsHint: 'Customers holding a time in the Flow; it is theirs until it runs out.',
  heldUntil: (time) => `held until ${time}`,
  cancelledToday: 'Cancelled',
  noStaff: 'Desk',
  status: { held: 'held', confirmed: 'confirmed', cancelled: 'cancelled', expired: 'expired' },
  attendance: { arrived: 'arrived', no_show: 'no-show', completed: 'completed' },
  sources: { whatsapp: 'WhatsApp', walk_in: 'Walk-in', phone: 'Phone call' },
  bookingsCount: (n) => (n === 1 ? '1 booking' : `${n} bookings`),
  service: 'Service',
  staff: 'Staff',
  anyStaff: 'Anyone free',
  when: 'When',
  customer: 'Customer',
  whatsapp: 'WhatsApp',
  email: 'Email',
  typedPhone: 'Phone (as typed)',
  customerNotes: 'Customer’s notes',
  source: 'Made by',
  state: 'Status',
  bookedBy: 'Booked by',
  cancelledBy: 'Cancelled by',
  reason: 'Reason',
  moved: (n) => (n === 1 ? 'moved once' : `moved ${n} times`),
  close: 'Close',
  cancelBooking: 'Cancel booking',
  cancelReason: 'Reason (the customer sees it)',
  cancelHint: 'The customer is told on WhatsApp in their language.',
  confirmCancel: 'Cancel and tell the customer',
  reschedule: 'Reschedule',
  date: 'Date',
  time: 'Time',
  noFreeTimes: 'No free times on this day.',
  confirmMove: 'Move and tell the customer',
  rescheduleHint: 'Only free times are offered; reminders move with the booking.',
  markArrived: 'Arrived',
  markNoShow: 'No-show',
  markCompleted: 'Completed',
  undoMark: 'Undo mark',
  notes: 'Notes',
  noNotes: 'No notes yet.',
  addNote: 'Add note',
  customerHistory: 'Customer history',
  newBooking: 'New booking',
  name: 'Customer’s name',
  whatsappOptional: 'WhatsApp number (optional)',
  whatsappHint: 'With a number, the confirmation and reminders go on WhatsApp.',
  customerLanguage: 'Customer’s language',
  theirOwnLanguage: 'Their own when known, else the business’s',
  create: 'Book',
  search: 'Find a customer',
  searchHint: 'Name or WhatsApp number, at least 2 characters',
  noMatches: 'No customer matches.',
  history: 'History',
  counts: 'Counts',
  completed: 'Completed',
  noShows: 'No-shows',
  cancelled: 'Cancelled',
  lastVisit: 'Latest booking',
  erase: 'Erase this customer',
  eraseWarning: 'Their personal data is removed from every booking and message. This cannot be undone.',
  confirmErase: 'Yes, erase',
  erased: (n) => `Erased (${n} bookings anonymised).`,
  unknownLanguage: 'not known',
  failed: 'That did not work:',
  changedMeanwhile: 'Someone changed this booking meanwhile; it is shown as it is now.',
  operations: 'Operations',
  flowStopped: (flow, status, since) =>
    `The Flow ${flow} is ${status} since ${since}: customers are told to book by phone or online until it is PUBLISHED again.`,
  templateUnsendable: (name, status) => `Template ${name} is ${status}: it is not sent; the text goes inside 24 h.`,
  templateMarketing: (name) => `Template ${name} is moved to MARKETING by Meta: every send is priced as marketing.`,
  templateRed: (name) => `Template ${name} has RED quality: Meta may pause it.`,
  insights: 'Insights',
  insightsHint: (zone) => `Days are each location’s own; the Flow funnel’s days are in ${zone}.`,
  from: 'From',
  to: 'To',
  allLocations: 'All locations',
  show: 'Show',
  numbers: 'The numbers',
  chartLabel: (title) => `Chart: ${title}. The numbers are in the table that follows.`,
  bookingsPerDay: 'Bookings per day',
  outcomes: { booked: 'booked', completed: 'completed', no_show: 'no-show', cancelled: 'cancelled' },
  noShowRate: 'No-show rate',
  noShowSummary: (rate, noShows, started) => `${rate} — ${noShows} no-shows of ${started} visits that have begun`,
  noShowNone: 'No visit has begun in these days yet.',
  rate: 'Rate',
  funnel: 'Flow funnel',
  funnelNote:
    'Sessions that reached each step. Only what reaches the endpoint is seen: with Meta’s Builder Flow, Continue on the first screen asks nothing.',
  funnelSteps: {
    INIT: 'Opened',
    APPOINTMENT: 'Chose a time',
    DETAILS: 'Gave details',
    SUMMARY: 'Confirmed',
    SUCCESS: 'Booked',
  },
  sessions: 'Sessions',
  dropOff: 'Left here',
  reminders: 'Reminders',
  reminderKinds: {
    sent: 'sent',
    delivered: 'delivered',
    read: 'read',
    skipped: 'skipped',
    removed: 'removed',
    failed: 'failed',
  },
  busiestHours: 'Busiest hours',
  hour: 'Hour',
  bookings: 'Bookings',
  count: 'Count',
  templates: 'Templates',
  template: 'Template',
  templateLanguage: 'Language',
  sendable: 'Can be sent',
  yes: 'yes',
  no: 'no',
  noTemplates: 'Meta has reported no template yet.',
  flowHealth: 'The Flow',
  flowSendableNow: (flow, sendable) => (sendable ? `Flow ${flow} can be sent.` : `Flow ${flow} cannot be sent now.`),
  noFlowReports: 'Meta has reported no Flow status yet.',
  since: 'Since',
  latestAlerts: 'Latest alerts',
  failedJobs: 'Failed jobs',
  noFailedJobs: 'No job has failed.',
  job: 'Job',
  attempts: 'Attempts',
  lastError: 'Last error',
  retry: 'Retry',
  retried: (id) => `Job ${id} is queued again.`,
  messagesToday: (date, zone) => `Messages sent today (${date}, ${zone})`,
  messageStates: {
    pending: 'waiting',
    accepted: 'accepted',
    sent: 'sent',
    delivered: 'delivered',
    read: 'read',
    failed: 'failed',
  },
  total: 'Total',
  catalog: {
    title: 'Catalog',
    revision: (n) => `Revision ${n}`,
    export: 'Export as YAML',
    locations: 'Hours and places',
    services: 'Services',
    staff: 'Staff',
    rules: 'Booking rules',
    history: 'Changes',
    save: 'Save changes',
    discard: 'Discard',
    saved: (n) =>
      n === 0 ? 'Nothing changed' : n === 1 ? 'Saved: 1 change, offered now' : `Saved: ${n} changes, offered now`,
    invalid: (n) => (n === 1 ? 'Not saved: 1 field needs fixing' : `Not saved: ${n} fields need fixing`),
    stale:
      'Not saved: someone else changed the catalog meanwhile. Your edits are now on top of their version: check them, then save again.',
    addPartDay: 'Add hours off',
    hours: 'Opening hours',
    hoursAt: (place) => `Hours at ${place}`,
    closures: 'Closures',
    specialDays: 'Special days',
    capacity: 'Capacity',
    capacityHint: 'How many customers of each department can be served at the same time here (empty: none).',
    weekdays: {
      mon: 'Monday',
      tue: 'Tuesday',
      wed: 'Wednesday',
      thu: 'Thursday',
      fri: 'Friday',
      sat: 'Saturday',
      sun: 'Sunday',
    },
    opens: 'Opens',
    closes: 'Closes',
    addInterval: 'Add hours',
    add: 'Add',
    remove: 'Remove',
    from: 'From',
    to: 'To',
    reason: 'Reason',
    noServices: 'This catalog books departments; it has no services.',
    newService: 'New service',
    addService: 'Add a service',
    removeService: 'Remove this service',
    id: 'Id',
    name: 'Name',
    category: 'Department',
    duration: 'Duration (minutes)',
    bufferBefore: 'Set-up before (minutes)',
    bufferAfter: 'Clean-up after (minutes)',
    price: 'Price',
    currency: 'Currency',
    offeredAt: 'Offered at',
    offeredAtHint: 'None ticked: wherever someone can take it.',
    serviceRules: 'Rules for this service',
    serviceRulesHint: 'Empty: the booking rules apply.',
    rulesHint: 'For every service that sets no rule of its own.',
    rule: {
      slotMinutes: 'Appointment length (minutes)',
      bufferMinutes: 'Gap after each (minutes)',
      minNoticeMinutes: 'Minimum notice (minutes)',
      windowDays: 'Bookable days ahead',
      holdMinutes: 'Hold while booking (minutes)',
      stepMinutes: 'Start times every (minutes)',
      maxOpenPerCustomer: 'Upcoming bookings per customer',
    },
    reminders: 'Reminders before (e.g. 24h, 2h)',
    dailyCapacity: 'Bookings per day at most',
    takes: 'Takes',
    timeOff: 'Time off',
    sources: { file: 'from the catalog file', console: 'in the console', api: 'through the API' },
    seeded: 'The first catalog, from the catalog file.',
    noChanges: 'No changes.',
    added: (what) => `added ${what}`,
    removed: (what) => `removed ${what}`,
    outsideTitle: (n) => (n === 1 ? '1 booking no longer fits the catalog' : `${n} bookings no longer fit the catalog`),
    outsideHint: 'They were kept as they are: open each one to move it, cancel it, or leave it.',
    reasons: {
      'unknown-location': 'its location was removed',
      'unknown-service': 'its service was removed',
      'inactive-unit': 'above the capacity now',
      'no-provider': 'nobody there takes it now',
      'outside-hours': 'outside the hours now',
    },
  },
};

const ar: ConsoleStrings = {
  dir: 'rtl',
  locale: 'ar',
  console: 'لوحة التحكم',
  agenda: 'جدول المواعيد',
  customers: 'العملاء',
  day: 'يوم',
  week: 'أسبوع',
  today: 'اليوم',
  previous: 'السابق',
  next: 'التالي',
  location: 'الفرع',
  language: 'اللغة',
  signIn: 'تسجيل الدخول',
  signOut: 'تسجيل الخروج',
  username: 'اسم المستخدم',
  password: 'كلمة المرور',
  signedInAs: (name, role) => `${name} (${role})`,
  roles: { owner: 'المالك', staff: 'موظف' },
  timesIn: (zone) => `الأوقات بتوقيت ${zone}`,
  live: 'مباشر',
  reconnecting: 'جارٍ إعادة الاتصال…',
  loading: 'جارٍ التحميل…',
  closed: 'مغلق',
  noBookings: 'لا توجد حجوزات.',
  holds: 'قيد الحجز الآن',
  holdsHint: 'عملاء يحجزون وقتًا مؤقتًا في النموذج؛ يبقى لهم حتى تنتهي مدته.',
  heldUntil: (time) => `محجوز مؤقتًا حتى ${time}`,
  cancelledToday: 'الملغاة',
  noStaff: 'المكتب',
  status: { held: 'محجوز مؤقتًا', confirmed: 'مؤكد', cancelled: 'ملغى', expired: 'منتهي' },
  attendance: { arrived: 'حضر', no_show: 'لم يحضر', completed: 'مكتمل' },
  sources: { whatsapp: 'واتساب', walk_in: 'حضور مباشر', phone: 'مكالمة هاتفية' },
  bookingsCount: (n) => `${n} حجز`,
  service: 'الخدمة',
  staff: 'الموظف',
  anyStaff: 'أي موظف متاح',
  when: 'الموعد',
  customer: 'العميل',
  whatsapp: 'واتساب',
  email: 'البريد الإلكتروني',
  typedPhone: 'الهاتف (كما كُتب)',
  customerNotes: 'ملاحظات العميل',
  source: 'مصدر الحجز',
  state: 'الحالة',
  bookedBy: 'حجزه',
  cancelledBy: 'ألغاه',
  reason: 'السبب',
  moved: (n) => `نُقل ${n} مرة`,
  close: 'إغلاق',
  cancelBooking: 'إلغاء الحجز',
  cancelReason: 'السبب (يراه العميل)',
  cancelHint: 'يُبلَّغ العميل على واتساب بلغته.',
  confirmCancel: 'إلغاء وإبلاغ العميل',
  reschedule: 'تغيير الموعد',
  date: 'التاريخ',
  time: 'الوقت',
  noFreeTimes: 'لا أوقات متاحة في هذا اليوم.',
  confirmMove: 'نقل وإبلاغ العميل',
  rescheduleHint: 'تُعرض الأوقات المتاحة فقط؛ وتنتقل التذكيرات مع الحجز.',
  markArrived: 'حضر',
  markNoShow: 'لم يحضر',
  markCompleted: 'مكتمل',
  undoMark: 'تراجع عن العلامة',
  notes: 'ملاحظات',
  noNotes: 'لا ملاحظات بعد.',
  addNote: 'إضافة ملاحظة',
  customerHistory: 'سجل العميل',
  newBooking: 'حجز جديد',
  name: 'اسم العميل',
  whatsappOptional: 'رقم واتساب (اختياري)',
  whatsappHint: 'مع الرقم يُرسل التأكيد والتذكيرات على واتساب.',
  customerLanguage: 'لغة العميل',
  theirOwnLanguage: 'لغته إن كانت معروفة، وإلا لغة النشاط التجاري',
  create: 'احجز',
  search: 'ابحث عن عميل',
  searchHint: 'الاسم أو رقم واتساب، حرفان على الأقل',
  noMatches: 'لا يوجد عميل مطابق.',
  history: 'السجل',
  counts: 'الأعداد',
  completed: 'مكتملة',
  noShows: 'مرات عدم الحضور',
  cancelled: 'ملغاة',
  lastVisit: 'آخر حجز',
  erase: 'محو بيانات هذا العميل',
  eraseWarning: 'تُحذف بياناته الشخصية من كل حجز ورسالة. لا يمكن التراجع عن ذلك.',
  confirmErase: 'نعم، امحُ',
  erased: (n) => `تم المحو (${n} حجز بلا هوية).`,
  unknownLanguage: 'غير معروفة',
  failed: 'لم تنجح العملية:',
  changedMeanwhile: 'غيّر أحدهم هذا الحجز في الأثناء؛ وهو معروض كما هو الآن.',
  operations: 'التشغيل',
  flowStopped: (flow, status, since) =>
    `النموذج ${flow} في حالة ${status} منذ ${since}: يُطلب من العملاء الحجز بالهاتف أو عبر الإنترنت حتى يعود إلى PUBLISHED.`,
  templateUnsendable: (name, status) => `القالب ${name} في حالة ${status}: لا يُرسل، ويُرسل النص داخل نافذة 24 ساعة.`,
  templateMarketing: (name) => `نقلت Meta القالب ${name} إلى فئة MARKETING: كل إرسال يُسعَّر كتسويق.`,
  templateRed: (name) => `جودة القالب ${name} حمراء (RED): قد توقفه Meta.`,
  insights: 'الإحصاءات',
  insightsHint: (zone) => `الأيام بتوقيت كل فرع؛ وأيام مسار النموذج بتوقيت ${zone}.`,
  from: 'من',
  to: 'إلى',
  allLocations: 'كل الفروع',
  show: 'اعرض',
  numbers: 'الأرقام',
  chartLabel: (title) => `رسم بياني: ${title}. الأرقام في الجدول التالي.`,
  bookingsPerDay: 'الحجوزات في اليوم',
  outcomes: { booked: 'محجوز', completed: 'مكتمل', no_show: 'لم يحضر', cancelled: 'ملغى' },
  noShowRate: 'نسبة عدم الحضور',
  noShowSummary: (rate, noShows, started) => `${rate} — ${noShows} لم يحضروا من ${started} زيارة بدأت`,
  noShowNone: 'لم تبدأ أي زيارة في هذه الأيام بعد.',
  rate: 'النسبة',
  funnel: 'مسار النموذج',
  funnelNote:
    'الجلسات التي بلغت كل خطوة. لا يُرى إلا ما يصل إلى نقطة النهاية: في نموذج Meta الجاهز، زر المتابعة في الشاشة الأولى لا يطلب شيئًا.',
  funnelSteps: {
    INIT: 'فُتح',
    APPOINTMENT: 'اختار موعدًا',
    DETAILS: 'أدخل بياناته',
    SUMMARY: 'أكّد',
    SUCCESS: 'حُجز',
  },
  sessions: 'الجلسات',
  dropOff: 'غادروا هنا',
  reminders: 'التذكيرات',
  reminderKinds: {
    sent: 'أُرسل',
    delivered: 'وصل',
    read: 'قُرئ',
    skipped: 'تُخطّي',
    removed: 'أُزيل',
    failed: 'فشل',
  },
  busiestHours: 'أكثر الساعات ازدحامًا',
  hour: 'الساعة',
  bookings: 'الحجوزات',
  count: 'العدد',
  templates: 'القوالب',
  template: 'القالب',
  templateLanguage: 'اللغة',
  sendable: 'يمكن إرساله',
  yes: 'نعم',
  no: 'لا',
  noTemplates: 'لم تبلغ Meta عن أي قالب بعد.',
  flowHealth: 'النموذج',
  flowSendableNow: (flow, sendable) =>
    sendable ? `يمكن إرسال النموذج ${flow}.` : `لا يمكن إرسال النموذج ${flow} الآن.`,
  noFlowReports: 'لم تبلغ Meta عن حالة أي نموذج بعد.',
  since: 'منذ',
  latestAlerts: 'آخر التنبيهات',
  failedJobs: 'المهام الفاشلة',
  noFailedJobs: 'لم تفشل أي مهمة.',
  job: 'المهمة',
  attempts: 'المحاولات',
  lastError: 'آخر خطأ',
  retry: 'أعد المحاولة',
  retried: (id) => `أُعيدت المهمة ${id} إلى الطابور.`,
  messagesToday: (date, zone) => `الرسائل المرسلة اليوم (${date}، ${zone})`,
  messageStates: {
    pending: 'في الانتظار',
    accepted: 'مقبولة',
    sent: 'مرسلة',
    delivered: 'واصلة',
    read: 'مقروءة',
    failed: 'فاشلة',
  },
  total: 'المجموع',
  catalog: {
    title: 'الكتالوج',
    revision: (n) => `النسخة ${n}`,
    export: 'تصدير بصيغة YAML',
    locations: 'المواعيد والفروع',
    services: 'الخدمات',
    staff: 'الموظفون',
    rules: 'قواعد الحجز',
    history: 'التغييرات',
    save: 'حفظ التغييرات',
    discard: 'تجاهل',
    saved: (n) => (n === 0 ? 'لم يتغير شيء' : `تم الحفظ: ${n} من التغييرات، وهي متاحة الآن`),
    invalid: (n) => `لم يُحفظ: ${n} من الحقول تحتاج إلى تصحيح`,
    stale: 'لم يُحفظ: غيّر شخص آخر الكتالوج في هذه الأثناء. تعديلاتك الآن فوق نسخته: راجعها ثم احفظ مرة أخرى.',
    addPartDay: 'إضافة ساعات إجازة',
    hours: 'ساعات العمل',
    hoursAt: (place) => `الساعات في ${place}`,
    closures: 'أيام الإغلاق',
    specialDays: 'أيام خاصة',
    capacity: 'السعة',
    capacityHint: 'كم عميلًا من كل قسم يمكن خدمتهم في الوقت نفسه هنا (فارغ: لا أحد).',
    weekdays: {
      mon: 'الاثنين',
      tue: 'الثلاثاء',
      wed: 'الأربعاء',
      thu: 'الخميس',
      fri: 'الجمعة',
      sat: 'السبت',
      sun: 'الأحد',
    },
    opens: 'يفتح',
    closes: 'يغلق',
    addInterval: 'إضافة ساعات',
    add: 'إضافة',
    remove: 'حذف',
    from: 'من',
    to: 'إلى',
    reason: 'السبب',
    noServices: 'هذا الكتالوج يحجز أقسامًا؛ لا خدمات فيه.',
    newService: 'خدمة جديدة',
    addService: 'إضافة خدمة',
    removeService: 'حذف هذه الخدمة',
    id: 'المعرّف',
    name: 'الاسم',
    category: 'القسم',
    duration: 'المدة (بالدقائق)',
    bufferBefore: 'تحضير قبلها (بالدقائق)',
    bufferAfter: 'ترتيب بعدها (بالدقائق)',
    price: 'السعر',
    currency: 'العملة',
    offeredAt: 'متاحة في',
    offeredAtHint: 'إن لم يُحدَّد شيء: حيثما يوجد من يقدّمها.',
    serviceRules: 'قواعد هذه الخدمة',
    serviceRulesHint: 'فارغ: تُطبَّق قواعد الحجز.',
    rulesHint: 'لكل خدمة لا تحدد قاعدة خاصة بها.',
    rule: {
      slotMinutes: 'مدة الموعد (بالدقائق)',
      bufferMinutes: 'فاصل بعد كل موعد (بالدقائق)',
      minNoticeMinutes: 'أقل مهلة للحجز (بالدقائق)',
      windowDays: 'أيام الحجز المتاحة مقدمًا',
      holdMinutes: 'مدة حجز الوقت أثناء الحجز (بالدقائق)',
      stepMinutes: 'أوقات البدء كل (بالدقائق)',
      maxOpenPerCustomer: 'الحجوزات القادمة لكل عميل',
    },
    reminders: 'التذكيرات قبل الموعد (مثل 24h، 2h)',
    dailyCapacity: 'أقصى عدد حجوزات في اليوم',
    takes: 'يقدّم',
    timeOff: 'الإجازات',
    sources: { file: 'من ملف الكتالوج', console: 'من لوحة التحكم', api: 'عبر الواجهة البرمجية' },
    seeded: 'الكتالوج الأول، من ملف الكتالوج.',
    noChanges: 'لا تغييرات.',
    added: (what) => `أُضيف ${what}`,
    removed: (what) => `حُذف ${what}`,
    outsideTitle: (n) => `${n} من الحجوزات لم تعد تناسب الكتالوج`,
    outsideHint: 'بقيت كما هي: افتح كل حجز لنقله أو إلغائه أو تركه.',
    reasons: {
      'unknown-location': 'حُذف فرعه',
      'unknown-service': 'حُذفت خدمته',
      'inactive-unit': 'يتجاوز السعة الآن',
      'no-provider': 'لا أحد هناك يقدّمها الآن',
      'outside-hours': 'خارج ساعات العمل الآن',
    },
  },
};

const es: ConsoleStrings = {
  dir: 'ltr',
  locale: 'es',
  console: 'Consola',
  agenda: 'Agenda',
  customers: 'Clientes',
  day: 'Día',
  week: 'Semana',
  today: 'Hoy',
  previous: 'Anterior',
  next: 'Siguiente',
  location: 'Local',
  language: 'Idioma',
  signIn: 'Iniciar sesión',
  signOut: 'Cerrar sesión',
  username: 'Usuario',
  password: 'Contraseña',
  signedInAs: (name, role) => `${name} (${role})`,
  roles: { owner: 'propietario', staff: 'personal' },
  timesIn: (zone) => `Horas en ${zone}`,
  live: 'En directo',
  reconnecting: 'Reconectando…',
  loading: 'Cargando…',
  closed: 'Cerrado',
  noBookings: 'No hay reservas.',
  holds: 'Reservando ahora',
  holdsHint: 'Clientes que retienen una hora en el formulario; es suya hasta que caduque.',
  heldUntil: (time) => `retenida hasta las ${time}`,
  cancelledToday: 'Canceladas',
  noStaff: 'Mostrador',
  status: { held: 'retenida', confirmed: 'confirmada', cancelled: 'cancelada', expired: 'caducada' },
  attendance: { arrived: 'llegó', no_show: 'no se presentó', completed: 'completada' },
  sources: { whatsapp: 'WhatsApp', walk_in: 'Sin cita', phone: 'Llamada' },
  bookingsCount: (n) => (n === 1 ? '1 reserva' : `${n} reservas`),
  service: 'Servicio',
  staff: 'Personal',
  anyStaff: 'Cualquiera libre',
  when: 'Cuándo',
  customer: 'Cliente',
  whatsapp: 'WhatsApp',
  email: 'Correo',
  typedPhone: 'Teléfono (tal como lo escribió)',
  customerNotes: 'Notas del cliente',
  source: 'Origen',
  state: 'Estado',
  bookedBy: 'Reservada por',
  cancelledBy: 'Cancelada por',
  reason: 'Motivo',
  moved: (n) => (n === 1 ? 'movida una vez' : `movida ${n} veces`),
  close: 'Cerrar',
  cancelBooking: 'Cancelar reserva',
  cancelReason: 'Motivo (lo ve el cliente)',
  cancelHint: 'Se avisa al cliente por WhatsApp en su idioma.',
  confirmCancel: 'Cancelar y avisar al cliente',
  reschedule: 'Cambiar hora',
  date: 'Fecha',
  time: 'Hora',
  noFreeTimes: 'No hay horas libres este día.',
  confirmMove: 'Mover y avisar al cliente',
  rescheduleHint: 'Solo se ofrecen horas libres; los recordatorios se mueven con la reserva.',
  markArrived: 'Llegó',
  markNoShow: 'No se presentó',
  markCompleted: 'Completada',
  undoMark: 'Deshacer marca',
  notes: 'Notas',
  noNotes: 'Aún no hay notas.',
  addNote: 'Añadir nota',
  customerHistory: 'Historial del cliente',
  newBooking: 'Nueva reserva',
  name: 'Nombre del cliente',
  whatsappOptional: 'Número de WhatsApp (opcional)',
  whatsappHint: 'Con un número, la confirmación y los recordatorios van por WhatsApp.',
  customerLanguage: 'Idioma del cliente',
  theirOwnLanguage: 'El suyo si se conoce; si no, el del negocio',
  create: 'Reservar',
  search: 'Buscar un cliente',
  searchHint: 'Nombre o número de WhatsApp, al menos 2 caracteres',
  noMatches: 'Ningún cliente coincide.',
  history: 'Historial',
  counts: 'Recuento',
  completed: 'Completadas',
  noShows: 'No presentadas',
  cancelled: 'Canceladas',
  lastVisit: 'Última reserva',
  erase: 'Borrar a este cliente',
  eraseWarning: 'Sus datos personales se eliminan de cada reserva y mensaje. No se puede deshacer.',
  confirmErase: 'Sí, borrar',
  erased: (n) => `Borrado (${n} reservas anonimizadas).`,
  unknownLanguage: 'desconocido',
  failed: 'No se pudo:',
  changedMeanwhile: 'Alguien cambió esta reserva mientras tanto; se muestra como está ahora.',
  operations: 'Operaciones',
  flowStopped: (flow, status, since) =>
    `El Flow ${flow} está ${status} desde ${since}: se pide a los clientes reservar por teléfono o en línea hasta que vuelva a PUBLISHED.`,
  templateUnsendable: (name, status) =>
    `La plantilla ${name} está ${status}: no se envía; el texto va dentro de las 24 h.`,
  templateMarketing: (name) => `Meta pasó la plantilla ${name} a MARKETING: cada envío se cobra como marketing.`,
  templateRed: (name) => `La plantilla ${name} tiene calidad RED: Meta puede pausarla.`,
  insights: 'Estadísticas',
  insightsHint: (zone) => `Los días son los de cada local; los del embudo del Flow, en ${zone}.`,
  from: 'Desde',
  to: 'Hasta',
  allLocations: 'Todos los locales',
  show: 'Mostrar',
  numbers: 'Las cifras',
  chartLabel: (title) => `Gráfico: ${title}. Las cifras están en la tabla que sigue.`,
  bookingsPerDay: 'Reservas por día',
  outcomes: { booked: 'reservada', completed: 'completada', no_show: 'no vino', cancelled: 'cancelada' },
  noShowRate: 'Tasa de ausencias',
  noShowSummary: (rate, noShows, started) => `${rate} — ${noShows} ausencias de ${started} visitas ya empezadas`,
  noShowNone: 'Aún no ha empezado ninguna visita en estos días.',
  rate: 'Tasa',
  funnel: 'Embudo del Flow',
  funnelNote:
    'Sesiones que llegaron a cada paso. Solo se ve lo que llega al endpoint: con el Flow del Builder de Meta, Continuar en la primera pantalla no pregunta nada.',
  funnelSteps: {
    INIT: 'Abierto',
    APPOINTMENT: 'Eligió hora',
    DETAILS: 'Dio sus datos',
    SUMMARY: 'Confirmó',
    SUCCESS: 'Reservado',
  },
  sessions: 'Sesiones',
  dropOff: 'Se fueron aquí',
  reminders: 'Recordatorios',
  reminderKinds: {
    sent: 'enviado',
    delivered: 'entregado',
    read: 'leído',
    skipped: 'omitido',
    removed: 'retirado',
    failed: 'fallido',
  },
  busiestHours: 'Horas con más reservas',
  hour: 'Hora',
  bookings: 'Reservas',
  count: 'Número',
  templates: 'Plantillas',
  template: 'Plantilla',
  templateLanguage: 'Idioma',
  sendable: 'Se puede enviar',
  yes: 'sí',
  no: 'no',
  noTemplates: 'Meta aún no ha informado de ninguna plantilla.',
  flowHealth: 'El Flow',
  flowSendableNow: (flow, sendable) =>
    sendable ? `El Flow ${flow} se puede enviar.` : `El Flow ${flow} no se puede enviar ahora.`,
  noFlowReports: 'Meta aún no ha informado del estado de ningún Flow.',
  since: 'Desde',
  latestAlerts: 'Últimas alertas',
  failedJobs: 'Tareas fallidas',
  noFailedJobs: 'Ninguna tarea ha fallado.',
  job: 'Tarea',
  attempts: 'Intentos',
  lastError: 'Último error',
  retry: 'Reintentar',
  retried: (id) => `La tarea ${id} vuelve a la cola.`,
  messagesToday: (date, zone) => `Mensajes enviados hoy (${date}, ${zone})`,
  messageStates: {
    pending: 'en espera',
    accepted: 'aceptado',
    sent: 'enviado',
    delivered: 'entregado',
    read: 'leído',
    failed: 'fallido',
  },
  total: 'Total',
  catalog: {
    title: 'Catálogo',
    revision: (n) => `Revisión ${n}`,
    export: 'Exportar como YAML',
    locations: 'Horarios y sedes',
    services: 'Servicios',
    staff: 'Personal',
    rules: 'Reglas de reserva',
    history: 'Cambios',
    save: 'Guardar cambios',
    discard: 'Descartar',
    saved: (n) =>
      n === 0
        ? 'No cambió nada'
        : n === 1
          ? 'Guardado: 1 cambio, ya se ofrece'
          : `Guardado: ${n} cambios, ya se ofrecen`,
    invalid: (n) => (n === 1 ? 'No se guardó: hay que corregir 1 campo' : `No se guardó: hay que corregir ${n} campos`),
    stale:
      'No se guardó: otra persona cambió el catálogo mientras tanto. Tus cambios están ahora sobre su versión: revísalos y vuelve a guardar.',
    addPartDay: 'Añadir horas libres',
    hours: 'Horario',
    hoursAt: (place) => `Horario en ${place}`,
    closures: 'Cierres',
    specialDays: 'Días especiales',
    capacity: 'Capacidad',
    capacityHint: 'Cuántos clientes de cada departamento se pueden atender a la vez aquí (vacío: ninguno).',
    weekdays: {
      mon: 'Lunes',
      tue: 'Martes',
      wed: 'Miércoles',
      thu: 'Jueves',
      fri: 'Viernes',
      sat: 'Sábado',
      sun: 'Domingo',
    },
    opens: 'Abre',
    closes: 'Cierra',
    addInterval: 'Añadir horas',
    add: 'Añadir',
    remove: 'Quitar',
    from: 'Desde',
    to: 'Hasta',
    reason: 'Motivo',
    noServices: 'Este catálogo reserva departamentos; no tiene servicios.',
    newService: 'Servicio nuevo',
    addService: 'Añadir un servicio',
    removeService: 'Quitar este servicio',
    id: 'Id',
    name: 'Nombre',
    category: 'Departamento',
    duration: 'Duración (minutos)',
    bufferBefore: 'Preparación antes (minutos)',
    bufferAfter: 'Limpieza después (minutos)',
    price: 'Precio',
    currency: 'Moneda',
    offeredAt: 'Se ofrece en',
    offeredAtHint: 'Sin marcar: donde alguien pueda atenderlo.',
    serviceRules: 'Reglas de este servicio',
    serviceRulesHint: 'Vacío: se aplican las reglas de reserva.',
    rulesHint: 'Para cada servicio que no fija una regla propia.',
    rule: {
      slotMinutes: 'Duración de la cita (minutos)',
      bufferMinutes: 'Pausa después de cada una (minutos)',
      minNoticeMinutes: 'Antelación mínima (minutos)',
      windowDays: 'Días reservables por adelantado',
      holdMinutes: 'Reserva provisional (minutos)',
      stepMinutes: 'Horas de inicio cada (minutos)',
      maxOpenPerCustomer: 'Reservas próximas por cliente',
    },
    reminders: 'Recordatorios antes (p. ej. 24h, 2h)',
    dailyCapacity: 'Reservas al día como máximo',
    takes: 'Atiende',
    timeOff: 'Ausencias',
    sources: { file: 'desde el archivo del catálogo', console: 'en la consola', api: 'por la API' },
    seeded: 'El primer catálogo, desde el archivo del catálogo.',
    noChanges: 'Sin cambios.',
    added: (what) => `añadido ${what}`,
    removed: (what) => `quitado ${what}`,
    outsideTitle: (n) =>
      n === 1 ? '1 reserva ya no encaja en el catálogo' : `${n} reservas ya no encajan en el catálogo`,
    outsideHint: 'Se han dejado como estaban: abre cada una para moverla, cancelarla o dejarla.',
    reasons: {
      'unknown-location': 'se quitó su sede',
      'unknown-service': 'se quitó su servicio',
      'inactive-unit': 'supera ahora la capacidad',
      'no-provider': 'ya nadie allí lo atiende',
      'outside-hours': 'ahora fuera del horario',
    },
  },
};

export const CONSOLE_LANGUAGES = { en, ar, es } as const;
export type ConsoleLanguage = keyof typeof CONSOLE_LANGUAGES;

/** The language names as each speaker writes their own, for the switcher. */
export const LANGUAGE_NAMES: Readonly<Record<ConsoleLanguage, string>> = {
  en: 'English',
  ar: 'العربية',
  es: 'Español',
};

/** The table for a code such as `es-MX` or `ar`, English otherwise. */
export function consoleLanguage(code: string | null | undefined): ConsoleLanguage {
  const base = (code ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return base in CONSOLE_LANGUAGES ? (base as ConsoleLanguage) : 'en';
}
