//! Names in the reader's language.
//!
//! Experts, content types and programs have one address in every language
//! (`/experts/anna-borshchevskaya`, `/ar/experts/anna-borshchevskaya`) and a
//! name (and, for experts, a bio) per language: the stored record holds the
//! default language's, translations hold the others. A page reads what it
//! shows in the default language, asks which names it needs
//! ([`Localize::name_keys`]), reads those translations, and puts them in
//! ([`Localize::localize`]). What has no translation keeps its default name.
//!
//! Topics and regions differ: each language has its own term with its own
//! slug, linked to the others as one translation group, like articles.

use std::collections::{BTreeSet, HashMap};

use crate::{
    Article, ArticleReference, ArticleSummary, ContentType, ContentTypeListing, Expert,
    ExpertListing, ExpertRef, Paged, Program, Recommendation,
};

/// The slugs whose names a page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameKeys {
    pub experts: BTreeSet<String>,
    pub content_types: BTreeSet<String>,
    pub programs: BTreeSet<String>,
}

impl NameKeys {
    pub fn is_empty(&self) -> bool {
        self.experts.is_empty() && self.content_types.is_empty() && self.programs.is_empty()
    }
}

/// An expert's name and bio in one language; an empty bio leaves the
/// default language's in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertText {
    pub name: String,
    pub bio: String,
}

/// Translated names by slug, for one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalNames {
    pub experts: HashMap<String, ExpertText>,
    pub content_types: HashMap<String, String>,
    pub programs: HashMap<String, String>,
}

impl LocalNames {
    /// Replaces `name` with the expert's translated name, if there is one.
    pub fn expert_name(&self, slug: &str, name: &mut String) {
        if let Some(text) = self.experts.get(slug) {
            name.clone_from(&text.name);
        }
    }

    pub fn expert_bio(&self, slug: &str, bio: &mut String) {
        if let Some(text) = self.experts.get(slug).filter(|t| !t.bio.is_empty()) {
            bio.clone_from(&text.bio);
        }
    }

    pub fn content_type_name(&self, slug: &str, name: &mut String) {
        if let Some(translated) = self.content_types.get(slug) {
            name.clone_from(translated);
        }
    }

    pub fn program_name(&self, slug: &str, name: &mut String) {
        if let Some(translated) = self.programs.get(slug) {
            name.clone_from(translated);
        }
    }
}

/// A value that shows names of experts, content types or programs.
pub trait Localize {
    /// Adds the slugs whose names this value shows.
    fn name_keys(&self, keys: &mut NameKeys);
    /// Puts the translated names in.
    fn localize(&mut self, names: &LocalNames);
}

impl<T: Localize> Localize for Vec<T> {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.iter().for_each(|item| item.name_keys(keys));
    }
    fn localize(&mut self, names: &LocalNames) {
        self.iter_mut().for_each(|item| item.localize(names));
    }
}

impl<T: Localize> Localize for Option<T> {
    fn name_keys(&self, keys: &mut NameKeys) {
        if let Some(item) = self {
            item.name_keys(keys);
        }
    }
    fn localize(&mut self, names: &LocalNames) {
        if let Some(item) = self {
            item.localize(names);
        }
    }
}

impl<T: Localize> Localize for Box<T> {
    fn name_keys(&self, keys: &mut NameKeys) {
        (**self).name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        (**self).localize(names);
    }
}

impl<T: Localize> Localize for Paged<T> {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.items.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.items.localize(names);
    }
}

impl<A: Localize, B: Localize> Localize for (A, B) {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.0.name_keys(keys);
        self.1.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.0.localize(names);
        self.1.localize(names);
    }
}

impl Localize for Expert {
    fn name_keys(&self, keys: &mut NameKeys) {
        keys.experts.insert(self.slug.to_string());
        self.programs.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        names.expert_name(self.slug.as_str(), &mut self.name);
        names.expert_bio(self.slug.as_str(), &mut self.bio);
        self.programs.localize(names);
    }
}

impl Localize for ExpertRef {
    fn name_keys(&self, keys: &mut NameKeys) {
        keys.experts.insert(self.slug.to_string());
    }
    fn localize(&mut self, names: &LocalNames) {
        names.expert_name(self.slug.as_str(), &mut self.name);
    }
}

impl Localize for ExpertListing {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.expert.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.expert.localize(names);
    }
}

impl Localize for ContentType {
    fn name_keys(&self, keys: &mut NameKeys) {
        keys.content_types.insert(self.slug.to_string());
    }
    fn localize(&mut self, names: &LocalNames) {
        names.content_type_name(self.slug.as_str(), &mut self.name);
    }
}

impl Localize for ContentTypeListing {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.content_type.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.content_type.localize(names);
    }
}

impl Localize for Program {
    fn name_keys(&self, keys: &mut NameKeys) {
        keys.programs.insert(self.slug.to_string());
    }
    fn localize(&mut self, names: &LocalNames) {
        names.program_name(self.slug.as_str(), &mut self.name);
    }
}

impl Localize for ArticleSummary {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.authors.name_keys(keys);
        self.content_type.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.authors.localize(names);
        self.content_type.localize(names);
    }
}

impl Localize for Recommendation {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.article.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.article.localize(names);
    }
}

impl Localize for Article {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.authors.name_keys(keys);
        self.content_type.name_keys(keys);
        self.recommended.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.authors.localize(names);
        self.content_type.localize(names);
        self.recommended.localize(names);
    }
}

impl Localize for ArticleReference {
    fn name_keys(&self, keys: &mut NameKeys) {
        self.recommended_by.name_keys(keys);
    }
    fn localize(&mut self, names: &LocalNames) {
        self.recommended_by.localize(names);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContentTypeId, ExpertId, ProgramId, Slug};

    fn expert() -> Expert {
        Expert {
            id: ExpertId(1),
            slug: Slug::parse("anna-borshchevskaya").unwrap(),
            name: "Anna Borshchevskaya".into(),
            bio: "A senior fellow.".into(),
            programs: vec![Program {
                id: ProgramId(1),
                slug: Slug::parse("great-power").unwrap(),
                name: "Great Power Program".into(),
            }],
            portrait: None,
        }
    }

    #[test]
    fn translated_names_replace_the_default_ones_and_the_rest_stay() {
        let mut shown = (
            vec![expert()],
            Some(ContentType {
                id: ContentTypeId(1),
                slug: Slug::parse("brief-analysis").unwrap(),
                name: "Brief Analysis".into(),
            }),
        );
        let mut keys = NameKeys::default();
        shown.name_keys(&mut keys);
        assert_eq!(
            keys.experts.iter().collect::<Vec<_>>(),
            ["anna-borshchevskaya"]
        );
        assert!(keys.programs.contains("great-power"));
        assert!(keys.content_types.contains("brief-analysis"));

        let mut names = LocalNames::default();
        names.experts.insert(
            "anna-borshchevskaya".into(),
            ExpertText {
                name: "آنا بورشيفسكايا".into(),
                bio: String::new(),
            },
        );
        names
            .content_types
            .insert("brief-analysis".into(), "تحليل موجز".into());
        shown.localize(&names);
        assert_eq!(shown.0[0].name, "آنا بورشيفسكايا");
        assert_eq!(
            shown.0[0].bio, "A senior fellow.",
            "an empty translated bio keeps the default one"
        );
        assert_eq!(shown.0[0].programs[0].name, "Great Power Program");
        assert_eq!(shown.1.unwrap().name, "تحليل موجز");
    }
}
