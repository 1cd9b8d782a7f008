//! Reading submitted forms and reporting problems field by field.

use std::collections::BTreeMap;

/// A submitted form, keeping repeated fields (checkboxes) and their order.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// A field's value, or "" when missing.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A field's value, trimmed.
    pub fn trimmed(&self, name: &str) -> &str {
        self.get(name).trim()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Every value of a repeated field, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Problems with a form, by field name; shown next to each field.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Percent-encodes a value for a query string.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_keep_their_order() {
        let form = FormData(vec![
            ("topic".into(), "b".into()),
            ("title".into(), "  T  ".into()),
            ("topic".into(), "a".into()),
        ]);
        assert_eq!(form.all("topic"), vec!["b", "a"]);
        assert_eq!(form.trimmed("title"), "T");
        assert_eq!(form.get("missing"), "");
        assert!(form.has("title") && !form.has("missing"));
    }
}
