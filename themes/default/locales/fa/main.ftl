# رابط قالب پیش‌فرض به فارسی. هر کلید فایل انگلیسی باید اینجا هم باشد.

## Frame

skip-to-content = رفتن به محتوا
nav-label = اصلی
nav-analysis = تحلیل‌ها
nav-experts = کارشناسان
nav-topics = موضوعات
nav-regions = مناطق و کشورها
nav-types = انواع تحلیل
nav-programs = برنامه‌ها
language-switch-label = زبان
footer-explore = مرور بایگانی
footer-about = { $site } تحلیل‌های سیاستی کارشناسان خود را منتشر می‌کند.
footer-powered = منتشرشده با Folio
page-description = { $title }، از { $site }: { $tagline }
breadcrumbs-label = مسیر صفحه
breadcrumb-home = خانه

## Articles

byline-prefix = نوشته‌ی
list-separator = {"، "}
list-final-separator = {" "}و{" "}
also-available-in = همچنین موجود در
also-published-in = همچنین منتشرشده در
about-the-authors = درباره‌ی نویسندگان
read-full-article = { $outlet ->
    [none] خواندن متن کامل
   *[other] خواندن متن کامل در وب‌سایت { $outlet }
}
recommended = پیشنهادی
cite-title = ارجاع به این نوشته
cite-download = دریافت ارجاع:
topics = موضوعات
regions-countries = مناطق و کشورها
share-title = هم‌رسانی این تحلیل
share-copy-link = رونوشت پیوند
share-copied = پیوند رونوشت شد
share-copy-failed = رونوشت پیوند ممکن نشد: آن را از نوار نشانی بردارید.
share-email = رایانامه
share-x = ایکس
share-linkedin = لینکدین
share-facebook = فیس‌بوک
print-url = نسخهٔ برخط در
more-from-expert = بیشتر از { $name }
more-from-expert-all = همهٔ تحلیل‌های { $name }
more-on-topic = بیشتر دربارهٔ { $name }
more-on-topic-all = همهٔ تحلیل‌ها دربارهٔ { $name }

## Listings

latest-analysis = تازه‌ترین تحلیل‌ها
all-analysis = همه‌ی تحلیل‌ها
analysis-title = تحلیل‌ها
no-articles = هنوز چیزی اینجا منتشر نشده است.
topic-label = موضوع
region-label = منطقه
type-label = نوع تحلیل
experts-title = کارشناسان
experts-count = { $count ->
    [0] هیچ کارشناسی
    [one] یک کارشناس
   *[other] { $count } کارشناس
}
experts-count-in = { $count ->
    [0] هیچ کارشناسی در { $program } نیست
    [one] یک کارشناس در { $program }
   *[other] { $count } کارشناس در { $program }
}
experts-filter = پالایش بر پایهٔ برنامه
experts-none = هنوز کارشناسی اینجا فهرست نشده است.
expert-analysis = تحلیل‌های { $name }
expert-programs = برنامه‌ها
expert-articles = { $count ->
    [0] هنوز تحلیلی منتشر نشده
    [one] یک تحلیل
   *[other] { $count } تحلیل
}
topics-title = موضوعات
regions-title = مناطق و کشورها
types-title = انواع تحلیل
programs-title = برنامه‌ها
program-experts = کارشناسان این برنامه
program-analysis = تحلیل‌های این برنامه
featured-experts = کارشناسان ما
all-experts = همهٔ کارشناسان
browse-topics = مرور بر اساس موضوع
browse-regions = مرور بر اساس منطقه

## Pagination

pagination-label = صفحه‌ها
pagination-previous = قبلی
pagination-next = بعدی
pagination-page = صفحه‌ی { $page }
pagination-status = صفحه‌ی { $page } از { $count }

## A piece known only by reference

reference-kicker = در فهرست بایگانی
reference-note = متن کامل این تحلیل هنوز در بایگانی نیست. اینجا آمده است چون تحلیل‌های دیگری آن را پیشنهاد می‌کنند.
reference-recommended-by = پیشنهادشده همراه با

## Errors

error-400-title = این درخواست قابل فهم نبود
error-400-text = چیزی در نشانی معتبر نیست. آن را بررسی کنید یا از صفحه‌ی اصلی دوباره شروع کنید.
error-404-title = صفحه پیدا نشد
error-404-text = در این نشانی صفحه‌ای نیست. شاید جابه‌جا شده یا پیوند اشتباه نوشته شده باشد.
error-500-title = مشکلی پیش آمد
error-500-text = به دلیل خطایی از سوی ما صفحه نمایش داده نشد. لطفاً کمی بعد دوباره تلاش کنید.
error-503-title = اکنون بیش از حد شلوغ است
error-503-text = سایت در این لحظه خوانندگانی بیش از توانش دارد. لطفاً کمی بعد دوباره تلاش کنید.
error-go-home = رفتن به صفحه‌ی اصلی
error-browse = مرور همه‌ی تحلیل‌ها

## Search

nav-search = جستجو
search-title = جستجو در بایگانی
search-title-for = نتایج برای «{ $query }»
search-label = کلیدواژه‌ها
search-hint = واژه‌ها به هر زبانی؛ برای عبارت دقیق از "گیومه" استفاده کنید.
search-results-count = { $count ->
    [0] نتیجه‌ای نیست
    [one] یک نتیجه
   *[other] { $count } نتیجه
}
search-no-results = هیچ چیز با همه‌ی این واژه‌ها و فیلترها جور نیست.
search-did-you-mean = منظورتان این بود:
search-remove-filters = برداشتن همه‌ی فیلترها
search-try-browsing = یا مرور بر اساس
filters-title = محدود کردن
filters-active = فیلترهای فعال
filter-topic = موضوع
filter-region = منطقه یا کشور
filter-expert = کارشناس
filter-type = نوع تحلیل
filter-year = سال
filter-language = زبان
filter-outlet = همچنین منتشرشده در
filter-dates = تاریخ‌ها
filter-date-from = از
filter-date-to = تا
filter-apply = اعمال
filter-clear = پاک کردن همه‌ی فیلترها
filter-remove = برداشتن فیلتر «{ $label }»
facet-more = { $count ->
    [0] مورد دیگری نیست
    [one] نمایش یک مورد دیگر
   *[other] نمایش { $count } مورد دیگر
}
sort-label = مرتب‌سازی
sort-relevance = مرتبط‌ترین
sort-newest = جدیدترین
sort-oldest = قدیمی‌ترین

## Dates

date-format = { $day } { $month } { $year }
month-1 = ژانویه
month-2 = فوریه
month-3 = مارس
month-4 = آوریل
month-5 = مه
month-6 = ژوئن
month-7 = ژوئیه
month-8 = اوت
month-9 = سپتامبر
month-10 = اکتبر
month-11 = نوامبر
month-12 = دسامبر
