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
