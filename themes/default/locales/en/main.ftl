# Interface strings of the default theme, in English: the reference file
# every other language must match key for key.

## Frame

skip-to-content = Skip to content
nav-label = Main
nav-analysis = Analysis
nav-experts = Experts
nav-topics = Topics
nav-regions = Regions & Countries
nav-types = Types
nav-programs = Programs
language-switch-label = Language
footer-explore = Explore the archive
footer-about = { $site } publishes policy analysis by its experts.
footer-powered = Published with Folio
page-description = { $title }, from { $site }: { $tagline }
breadcrumbs-label = Breadcrumb
breadcrumb-home = Home

## Articles

byline-prefix = by
list-separator = ,{" "}
list-final-separator = {" "}and{" "}
also-available-in = Also available in
also-published-in = Also published in
about-the-authors = About the authors
read-full-article = { $outlet ->
    [none] Read the full article
   *[other] Read the full article on the { $outlet } website
}
recommended = Recommended
cite-title = Cite this
cite-download = Download the citation:
topics = Topics
regions-countries = Regions & Countries
share-title = Share this analysis
share-copy-link = Copy link
share-copied = Link copied
share-copy-failed = The link could not be copied: copy it from the address bar.
share-email = Email
share-x = X
share-linkedin = LinkedIn
share-facebook = Facebook
print-url = Read online at
more-from-expert = More from { $name }
more-from-expert-all = All analysis by { $name }
more-on-topic = More on { $name }
more-on-topic-all = All analysis on { $name }

## Listings

latest-analysis = Latest analysis
all-analysis = All analysis
analysis-title = Analysis
no-articles = Nothing has been published here yet.
topic-label = Topic
region-label = Region
type-label = Type of analysis
experts-title = Experts
experts-count = { $count ->
    [one] One expert
   *[other] { $count } experts
}
experts-count-in = { $count ->
    [0] No experts in { $program }
    [one] One expert in { $program }
   *[other] { $count } experts in { $program }
}
experts-filter = Filter by program
experts-none = No experts are listed here yet.
expert-analysis = Analysis by { $name }
expert-programs = Programs
expert-articles = { $count ->
    [0] No published analysis
    [one] One piece of analysis
   *[other] { $count } pieces of analysis
}
topics-title = Topics
regions-title = Regions & Countries
types-title = Types of analysis
programs-title = Programs
program-experts = Experts in this program
program-analysis = Analysis from this program
featured-experts = Our experts
all-experts = All experts
browse-topics = Browse by topic
browse-regions = Browse by region

## Pagination

pagination-label = Pages
pagination-previous = Previous
pagination-next = Next
pagination-page = Page { $page }
pagination-status = Page { $page } of { $count }

## A piece known only by reference

reference-kicker = In the archive's catalogue
reference-note = The full text of this piece is not in the archive yet. It is listed here because other analysis recommends it.
reference-recommended-by = Recommended alongside

## Errors

error-400-title = That request could not be understood
error-400-text = Something in the address is not valid. Check it, or start again from the home page.
error-404-title = Page not found
error-404-text = There is no page at this address. It may have moved, or the link may be mistyped.
error-500-title = Something went wrong
error-500-text = The page could not be shown because of an error on our side. Please try again in a moment.
error-503-title = Too busy right now
error-503-text = The site is handling more readers than it can at this moment. Please try again shortly.
error-go-home = Go to the home page
error-browse = Browse all analysis

## Search

nav-search = Search
search-title = Search the archive
search-title-for = Results for “{ $query }”
search-label = Keywords
search-hint = Words in any language; "quotes" for an exact phrase.
search-results-count = { $count ->
    [0] No results
    [one] One result
   *[other] { $count } results
}
search-no-results = Nothing matches all of these words and filters.
search-did-you-mean = Did you mean:
search-remove-filters = Remove every filter
search-try-browsing = Or browse by
filters-title = Refine
filters-active = Active filters
filter-topic = Topic
filter-region = Region or country
filter-expert = Expert
filter-type = Type of analysis
filter-year = Year
filter-language = Language
filter-outlet = Also published in
filter-dates = Dates
filter-date-from = From
filter-date-to = To
filter-apply = Apply
filter-clear = Clear all filters
filter-remove = Remove the filter “{ $label }”
facet-more = { $count ->
    [one] Show one more
   *[other] Show { $count } more
}
sort-label = Sort by
sort-relevance = Best match
sort-newest = Newest first
sort-oldest = Oldest first

## Dates

date-format = { $month } { $day }, { $year }
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
