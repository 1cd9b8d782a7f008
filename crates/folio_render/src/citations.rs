//! "Cite this": an article as a [`folio_cite::Work`], the three styles the
//! article page shows, and the files reference managers download.

use folio_core::{Article, SyndicationRelation};
use serde::Serialize;

use crate::Renderer;

/// The downloadable formats, by the file name beside the article
/// (`/policy-analysis/{slug}/cite.bib`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitationFormat {
    Bibtex,
    Ris,
    CslJson,
}

impl CitationFormat {
    pub const ALL: [CitationFormat; 3] = [
        CitationFormat::Bibtex,
        CitationFormat::Ris,
        CitationFormat::CslJson,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            CitationFormat::Bibtex => "cite.bib",
            CitationFormat::Ris => "cite.ris",
            CitationFormat::CslJson => "cite.json",
        }
    }

    pub fn from_file_name(name: &str) -> Option<CitationFormat> {
        CitationFormat::ALL
            .into_iter()
            .find(|f| f.file_name() == name)
    }

    pub fn extension(self) -> &'static str {
        match self {
            CitationFormat::Bibtex => "bib",
            CitationFormat::Ris => "ris",
            CitationFormat::CslJson => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            CitationFormat::Bibtex => "application/x-bibtex; charset=utf-8",
            CitationFormat::Ris => "application/x-research-info-systems; charset=utf-8",
            CitationFormat::CslJson => "application/vnd.citationstyles.csl+json; charset=utf-8",
        }
    }

    /// The link text on the article page.
    fn label(self) -> &'static str {
        match self {
            CitationFormat::Bibtex => "BibTeX",
            CitationFormat::Ris => "RIS",
            CitationFormat::CslJson => "CSL-JSON",
        }
    }
}

#[derive(Serialize)]
pub(crate) struct CiteView {
    styles: Vec<StyleView>,
    downloads: Vec<DownloadView>,
}

#[derive(Serialize)]
struct StyleView {
    name: &'static str,
    html: String,
}

#[derive(Serialize)]
struct DownloadView {
    label: &'static str,
    url: String,
    file_name: String,
}

impl Renderer {
    /// The article as a cited work: the institute publishes it at its own
    /// URL, whatever the canonical policy says about search engines.
    pub fn citation_work(&self, article: &Article) -> folio_cite::Work {
        let paths = self.paths();
        let language = article.language.as_str();
        folio_cite::Work {
            title: if article.title.is_empty() {
                article.deck.clone()
            } else {
                article.title.clone()
            },
            authors: article.authors.iter().map(|e| e.name.clone()).collect(),
            published_on: article.published_on,
            publisher: self.config().site.name.clone(),
            container: crate::views::type_label(
                article.content_type.as_ref(),
                article.series_number,
            ),
            url: paths.absolute(&paths.in_namespace(language, article.slug.as_str())),
            language: language.to_owned(),
            abstract_text: article.deck.clone(),
            keywords: article
                .topics
                .iter()
                .chain(&article.regions)
                .map(|t| t.name.clone())
                .collect(),
            also_published_in: article
                .syndications
                .iter()
                .find(|s| s.relation == SyndicationRelation::AlsoPublishedIn)
                .map(|s| s.outlet.clone()),
            id: article.slug.to_string(),
        }
    }

    /// A downloadable citation file.
    pub fn citation(&self, article: &Article, format: CitationFormat) -> String {
        let work = self.citation_work(article);
        match format {
            CitationFormat::Bibtex => folio_cite::bibtex(&work),
            CitationFormat::Ris => folio_cite::ris(&work),
            CitationFormat::CslJson => {
                let mut text = serde_json::to_string_pretty(&folio_cite::csl_json(&work))
                    .expect("a JSON value serialises");
                text.push('\n');
                text
            }
        }
    }

    /// The "Cite" block of an article page.
    pub(crate) fn cite_view(&self, article: &Article) -> CiteView {
        let work = self.citation_work(article);
        let paths = self.paths();
        let page = paths.in_namespace(article.language.as_str(), article.slug.as_str());
        CiteView {
            styles: vec![
                StyleView {
                    name: "Chicago",
                    html: folio_cite::chicago(&work).html,
                },
                StyleView {
                    name: "APA",
                    html: folio_cite::apa(&work).html,
                },
                StyleView {
                    name: "MLA",
                    html: folio_cite::mla(&work).html,
                },
            ],
            downloads: CitationFormat::ALL
                .into_iter()
                .map(|format| DownloadView {
                    label: format.label(),
                    url: format!("{page}/{}", format.file_name()),
                    file_name: format!("{}.{}", article.slug, format.extension()),
                })
                .collect(),
        }
    }
}
