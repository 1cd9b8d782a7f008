//! The index schema.
//!
//! Text lives in per-language fields (`title_en`, `body_ar`, …) so each is
//! analysed by its language's rules; a query runs against all of them.
//! Facets are kept twice: an indexed slug field to filter on (`topic`) and
//! a fast `slug\u{1f}label` field to count and display (`topic_facet`).

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis;

/// Bumped when the schema or the analysis changes; an index of another
/// version is rebuilt from the store.
pub const SCHEMA_VERSION: u32 = 3;

/// The languages with text fields of their own.
pub const TEXT_LANGUAGES: [&str; 3] = ["en", "ar", "fa"];

/// Separates a facet value's slug from its label.
pub const LABEL_SEPARATOR: char = '\u{1f}';

#[derive(Debug, Clone, Copy)]
pub struct TextFields {
    pub title: Field,
    pub deck: Field,
    pub body: Field,
}

#[derive(Debug, Clone)]
pub struct Fields {
    pub id: Field,
    pub language: Field,
    pub slug: Field,
    /// Per language, in the order of [`TEXT_LANGUAGES`].
    pub text: [TextFields; 3],
    pub authors: Field,
    pub spell: Field,
    pub expert: Field,
    pub topic: Field,
    pub region: Field,
    pub content_type: Field,
    pub outlet: Field,
    pub expert_facet: Field,
    pub topic_facet: Field,
    pub region_facet: Field,
    pub type_facet: Field,
    pub outlet_facet: Field,
    pub year: Field,
    /// Days since 1970-01-01; absent for undated pieces.
    pub date: Field,
    pub translation_group: Field,
    pub type_label: Field,
    pub published_on: Field,
    pub series_number: Field,
    pub author_display: Field,
    /// A digest of everything the document was made from: a change that
    /// leaves it equal (an expert's bio) rewrites nothing.
    pub digest: Field,
}

impl Fields {
    pub fn text_for(&self, language: &str) -> TextFields {
        let index = TEXT_LANGUAGES
            .iter()
            .position(|l| *l == language)
            .unwrap_or(0);
        self.text[index]
    }

    /// Every searchable text field with its boost.
    pub fn weighted_text_fields(&self) -> Vec<(Field, f32)> {
        let mut out = Vec::new();
        for text in &self.text {
            out.push((text.title, 3.0));
            out.push((text.deck, 2.0));
            out.push((text.body, 1.0));
        }
        out.push((self.authors, 2.0));
        out
    }
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_u64_field("id", INDEXED | STORED | FAST);
    let language = builder.add_text_field("language", STRING | STORED | FAST);
    let slug = builder.add_text_field("slug", STORED);
    let mut text_fields = Vec::new();
    for language in TEXT_LANGUAGES {
        let analyzer = analysis::analyzer_for(language);
        text_fields.push(TextFields {
            title: builder.add_text_field(&format!("title_{language}"), text(analyzer, true)),
            deck: builder.add_text_field(&format!("deck_{language}"), text(analyzer, true)),
            body: builder.add_text_field(&format!("body_{language}"), text(analyzer, true)),
        });
    }
    let authors = builder.add_text_field("authors", text(analysis::PLAIN, false));
    let spell = builder.add_text_field(
        "spell",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis::PLAIN)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    let fast_text = || TextOptions::default().set_fast("raw");
    let fields = Fields {
        id,
        language,
        slug,
        text: [text_fields[0], text_fields[1], text_fields[2]],
        authors,
        spell,
        expert: builder.add_text_field("expert", STRING),
        topic: builder.add_text_field("topic", STRING),
        region: builder.add_text_field("region", STRING),
        content_type: builder.add_text_field("type", STRING | STORED),
        outlet: builder.add_text_field("outlet", STRING),
        expert_facet: builder.add_text_field("expert_facet", fast_text()),
        topic_facet: builder.add_text_field("topic_facet", fast_text()),
        region_facet: builder.add_text_field("region_facet", fast_text()),
        type_facet: builder.add_text_field("type_facet", fast_text()),
        outlet_facet: builder.add_text_field("outlet_facet", fast_text()),
        year: builder.add_u64_field("year", INDEXED | FAST),
        date: builder.add_i64_field("date", INDEXED | FAST),
        translation_group: builder.add_u64_field("translation_group", INDEXED | FAST),
        type_label: builder.add_text_field("type_label", STORED),
        published_on: builder.add_text_field("published_on", STORED),
        series_number: builder.add_u64_field("series_number", STORED),
        author_display: builder.add_text_field("author_display", STORED),
        digest: builder.add_u64_field("digest", FAST),
    };
    (builder.build(), fields)
}
