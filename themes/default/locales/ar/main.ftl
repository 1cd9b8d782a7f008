# واجهة القالب الافتراضي بالعربية. يجب أن يطابق كل مفتاح في الملف الإنجليزي.

## Frame

skip-to-content = انتقل إلى المحتوى
nav-label = الرئيسية
nav-analysis = التحليلات
nav-experts = الخبراء
nav-topics = المواضيع
nav-regions = المناطق والبلدان
nav-types = أنواع التحليل
nav-programs = البرامج
language-switch-label = اللغة
footer-explore = تصفّح الأرشيف
footer-about = ينشر { $site } تحليلات سياسية يكتبها خبراؤه.
footer-powered = يعمل بنظام Folio
page-description = { $title }، من { $site }: { $tagline }
breadcrumbs-label = مسار التصفح
breadcrumb-home = الرئيسية

## Articles

byline-prefix = بقلم
list-separator = {"، "}
list-final-separator = {" "}و
also-available-in = متوفر أيضاً في
also-published-in = نُشر أيضاً في
about-the-authors = عن المؤلفين
read-full-article = { $outlet ->
    [none] اقرأ المقال كاملاً
   *[other] اقرأ المقال كاملاً على موقع { $outlet }
}
recommended = موصى به
cite-title = استشهد بهذا المقال
cite-download = نزّل الاستشهاد:
topics = المواضيع
regions-countries = المناطق والبلدان
share-title = شارك هذا التحليل
share-copy-link = انسخ الرابط
share-copied = نُسخ الرابط
share-copy-failed = تعذّر نسخ الرابط: انسخه من شريط العنوان.
share-email = البريد الإلكتروني
share-x = إكس
share-linkedin = لينكدإن
share-facebook = فيسبوك
print-url = اقرأه على الإنترنت في
more-from-expert = المزيد من { $name }
more-from-expert-all = جميع تحليلات { $name }
more-on-topic = المزيد عن { $name }
more-on-topic-all = جميع التحليلات عن { $name }

## Listings

latest-analysis = أحدث التحليلات
all-analysis = جميع التحليلات
analysis-title = التحليلات
no-articles = لم يُنشر شيء هنا بعد.
topic-label = موضوع
region-label = منطقة
type-label = نوع التحليل
experts-title = الخبراء
experts-count = { $count ->
    [zero] لا يوجد خبراء
    [one] خبير واحد
    [two] خبيران
    [few] { $count } خبراء
    [many] { $count } خبيراً
   *[other] { $count } خبير
}
experts-count-in = { $count ->
    [zero] لا خبراء في { $program }
    [one] خبير واحد في { $program }
    [two] خبيران في { $program }
    [few] { $count } خبراء في { $program }
    [many] { $count } خبيراً في { $program }
   *[other] { $count } خبير في { $program }
}
experts-filter = تصفية حسب البرنامج
experts-none = لا يوجد خبراء مدرجون هنا بعد.
expert-analysis = تحليلات { $name }
expert-programs = البرامج
expert-articles = { $count ->
    [zero] لا توجد تحليلات منشورة
    [one] تحليل واحد
    [two] تحليلان
    [few] { $count } تحليلات
    [many] { $count } تحليلاً
   *[other] { $count } تحليل
}
topics-title = المواضيع
regions-title = المناطق والبلدان
types-title = أنواع التحليل
programs-title = البرامج
program-experts = خبراء هذا البرنامج
program-analysis = تحليلات هذا البرنامج
featured-experts = خبراؤنا
all-experts = جميع الخبراء
browse-topics = تصفّح حسب الموضوع
browse-regions = تصفّح حسب المنطقة

## Pagination

pagination-label = الصفحات
pagination-previous = السابق
pagination-next = التالي
pagination-page = الصفحة { $page }
pagination-status = الصفحة { $page } من { $count }

## A piece known only by reference

reference-kicker = في فهرس الأرشيف
reference-note = النص الكامل لهذا التحليل غير موجود في الأرشيف بعد. يظهر هنا لأن تحليلات أخرى توصي به.
reference-recommended-by = موصى به مع

## Errors

error-400-title = تعذّر فهم هذا الطلب
error-400-text = في العنوان شيء غير صالح. تحقّق منه، أو ابدأ من جديد من الصفحة الرئيسية.
error-404-title = الصفحة غير موجودة
error-404-text = لا توجد صفحة على هذا العنوان. ربما نُقلت، أو أن الرابط مكتوب خطأً.
error-500-title = حدث خطأ ما
error-500-text = تعذّر عرض الصفحة بسبب خطأ من جهتنا. يُرجى المحاولة بعد قليل.
error-503-title = الموقع مشغول الآن
error-503-text = يستقبل الموقع في هذه اللحظة قرّاء أكثر مما يستطيع. يُرجى المحاولة بعد قليل.
error-go-home = الذهاب إلى الصفحة الرئيسية
error-browse = تصفّح جميع التحليلات

## Search

nav-search = بحث
search-title = البحث في الأرشيف
search-title-for = نتائج البحث عن «{ $query }»
search-label = كلمات البحث
search-hint = كلمات بأي لغة؛ ضع العبارة بين "علامتي تنصيص" للبحث عنها كما هي.
search-results-count = { $count ->
    [zero] لا توجد نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
    [many] { $count } نتيجة
   *[other] { $count } نتيجة
}
search-no-results = لا شيء يطابق كل هذه الكلمات والمرشِّحات.
search-did-you-mean = هل تقصد:
search-remove-filters = إزالة كل المرشِّحات
search-try-browsing = أو تصفّح حسب
filters-title = تضييق النتائج
filters-active = المرشِّحات المفعّلة
filter-topic = الموضوع
filter-region = المنطقة أو البلد
filter-expert = الخبير
filter-type = نوع التحليل
filter-year = السنة
filter-language = اللغة
filter-outlet = نُشر أيضاً في
filter-dates = التواريخ
filter-date-from = من
filter-date-to = إلى
filter-apply = تطبيق
filter-clear = مسح كل المرشِّحات
filter-remove = إزالة المرشِّح «{ $label }»
facet-more = { $count ->
    [zero] لا توجد قيم أخرى
    [one] عرض قيمة أخرى
    [two] عرض قيمتين أخريين
    [few] عرض { $count } قيم أخرى
    [many] عرض { $count } قيمة أخرى
   *[other] عرض { $count } قيمة أخرى
}
sort-label = الترتيب
sort-relevance = الأكثر صلة
sort-newest = الأحدث أولاً
sort-oldest = الأقدم أولاً

## Dates

date-format = { $day } { $month } { $year }
month-1 = كانون الثاني/يناير
month-2 = شباط/فبراير
month-3 = آذار/مارس
month-4 = نيسان/أبريل
month-5 = أيار/مايو
month-6 = حزيران/يونيو
month-7 = تموز/يوليو
month-8 = آب/أغسطس
month-9 = أيلول/سبتمبر
month-10 = تشرين الأول/أكتوبر
month-11 = تشرين الثاني/نوفمبر
month-12 = كانون الأول/ديسمبر
