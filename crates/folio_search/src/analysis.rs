//! Language-aware text analysis: how text becomes index terms.
//!
//! Every analyzer starts with [`WordTokenizer`], which keeps Arabic short
//! vowels, the tatweel and the Persian zero-width non-joiner inside words
//! (a plain alphanumeric split would cut "الإِرهاب" at its kasra). Then:
//!
//! - `folio_en`: lower case, ASCII folding, English stemming;
//! - `folio_ar`: lower case, Arabic normalisation ([`normalize_arabic`]),
//!   Arabic stemming — so "الإرهاب" and "الارهاب" meet;
//! - `folio_fa`: lower case, Arabic-script normalisation folded to Persian
//!   letters, no stemming;
//! - `folio_plain`: lower case, folding, normalisation, no stemming — real
//!   words, for spelling suggestions and names.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};

pub const ENGLISH: &str = "folio_en";
pub const ARABIC: &str = "folio_ar";
pub const PERSIAN: &str = "folio_fa";
pub const PLAIN: &str = "folio_plain";

/// Tokens longer than this are noise (URLs, base64) and are dropped.
const MAX_TOKEN_LENGTH: usize = 40;

pub fn register(manager: &tantivy::tokenizer::TokenizerManager) {
    manager.register(
        ENGLISH,
        TextAnalyzer::builder(WordTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(MemoStemmer(Stemming::English))
            .build(),
    );
    manager.register(
        ARABIC,
        TextAnalyzer::builder(WordTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
            .filter(LowerCaser)
            .filter(ScriptNormalizer(Script::Arabic))
            .filter(MemoStemmer(Stemming::Arabic))
            .build(),
    );
    manager.register(
        PERSIAN,
        TextAnalyzer::builder(WordTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
            .filter(LowerCaser)
            .filter(ScriptNormalizer(Script::Persian))
            .build(),
    );
    manager.register(
        PLAIN,
        TextAnalyzer::builder(WordTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(ScriptNormalizer(Script::Arabic))
            .build(),
    );
}

/// The analyzer for a language's text fields.
pub fn analyzer_for(language: &str) -> &'static str {
    match language {
        "ar" => ARABIC,
        "fa" => PERSIAN,
        _ => ENGLISH,
    }
}

fn is_word_char(c: char) -> bool {
    // ASCII first: the Unicode tables are slow and most text is ASCII.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_arabic_mark(c) || c == '\u{200C}'
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// Strips what Arabic writing adds or varies without changing the word:
/// short vowels and other marks, the tatweel; folds the alef forms
/// (أ إ آ ٱ) to ا and alef maqsura (ى) to ي. Idempotent.
pub fn normalize_arabic(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            c if is_arabic_mark(c) => None,
            'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
            'ى' => Some('ي'),
            other => Some(other),
        })
        .collect()
}

/// Persian text: Arabic normalisation, then the Arabic yeh and kaf (often
/// typed on Arabic keyboards) folded to the Persian letters.
pub fn normalize_persian(text: &str) -> String {
    normalize_arabic(text)
        .chars()
        .filter_map(|c| match c {
            'ي' => Some('ی'),
            'ك' => Some('ک'),
            '\u{200C}' => None,
            other => Some(other),
        })
        .collect()
}

/// Splits text into words: runs of letters, digits and in-word marks.
#[derive(Clone, Copy, Debug)]
pub struct WordTokenizer;

pub struct WordTokenStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    token: Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        WordTokenStream {
            text,
            chars: text.char_indices(),
            token: Token::default(),
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        let start = loop {
            match self.chars.next() {
                Some((offset, c)) if is_word_char(c) => break offset,
                Some(_) => continue,
                None => return false,
            }
        };
        let mut end = self.text.len();
        for (offset, c) in self.chars.by_ref() {
            if !is_word_char(c) {
                end = offset;
                break;
            }
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.text.push_str(&self.text[start..end]);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[derive(Clone, Copy, Debug)]
enum Script {
    Arabic,
    Persian,
}

/// Applies [`normalize_arabic`] or [`normalize_persian`] to each token.
#[derive(Clone, Copy, Debug)]
struct ScriptNormalizer(Script);

impl TokenFilter for ScriptNormalizer {
    type Tokenizer<T: Tokenizer> = ScriptNormalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ScriptNormalizerFilter<T> {
        ScriptNormalizerFilter {
            script: self.0,
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
struct ScriptNormalizerFilter<T> {
    script: Script,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ScriptNormalizerFilter<T> {
    type TokenStream<'a> = ScriptNormalizerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ScriptNormalizerStream {
            script: self.script,
            inner: self.inner.token_stream(text),
        }
    }
}

struct ScriptNormalizerStream<S> {
    script: Script,
    inner: S,
}

impl<S: TokenStream> TokenStream for ScriptNormalizerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        if !token.text.is_ascii() {
            token.text = match self.script {
                Script::Arabic => normalize_arabic(&token.text),
                Script::Persian => normalize_persian(&token.text),
            };
        }
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// The languages Folio stems; each indexes its own map of remembered stems.
#[derive(Clone, Copy, Debug)]
enum Stemming {
    English = 0,
    Arabic = 1,
}

impl Stemming {
    fn algorithm(self) -> frostem::Algorithm {
        match self {
            Stemming::English => frostem::Algorithm::English,
            Stemming::Arabic => frostem::Algorithm::Arabic,
        }
    }
}

/// Words whose stems a thread keeps per language before it starts over:
/// an archive's vocabulary is a few tens of thousands of words.
const STEMS_KEPT: usize = 50_000;

thread_local! {
    /// Stems this thread worked out, by word, one map per [`Stemming`]. A
    /// stemmer walks suffix tables for every word it is given, and the same
    /// few thousand words come back in every article indexed, every related
    /// query and every search.
    static STEMS: RefCell<[HashMap<String, String>; 2]> = RefCell::default();
}

/// The Snowball stemmer (as tantivy's `Stemmer`), remembering each word's
/// stem on its thread.
#[derive(Clone, Copy, Debug)]
struct MemoStemmer(Stemming);

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            stemming: self.0,
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
struct MemoStemmerFilter<T> {
    stemming: Stemming,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            stemming: self.stemming,
            stemmer: frostem::Stemmer::new(self.stemming.algorithm()),
            inner: self.inner.token_stream(text),
        }
    }
}

struct MemoStemmerStream<S> {
    stemming: Stemming,
    stemmer: frostem::Stemmer,
    inner: S,
}

impl<S: TokenStream> TokenStream for MemoStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        STEMS.with_borrow_mut(|maps| {
            let stems = &mut maps[self.stemming as usize];
            if let Some(stem) = stems.get(token.text.as_str()) {
                // Into the token's own buffer: a known word costs no allocation.
                token.text.clear();
                token.text.push_str(stem);
                return;
            }
            let stem = self.stemmer.stem(&token.text).into_owned();
            if stems.len() >= STEMS_KEPT {
                stems.clear();
            }
            let word = std::mem::replace(&mut token.text, stem.clone());
            stems.insert(word, stem);
        });
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: &str, text: &str) -> Vec<String> {
        let manager = tantivy::tokenizer::TokenizerManager::default();
        register(&manager);
        let mut analyzer = manager.get(analyzer).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn english_is_stemmed_and_folded() {
        assert_eq!(
            terms(ENGLISH, "Terrorism, TERRORISTS; Türkiye"),
            ["terror", "terrorist", "turkiy"]
        );
    }

    #[test]
    fn arabic_spellings_of_one_word_meet() {
        let with_hamza = terms(ARABIC, "الإرهاب");
        assert_eq!(with_hamza, terms(ARABIC, "الارهاب"));
        assert_eq!(
            with_hamza,
            terms(ARABIC, "الإِرْهَاب"),
            "short vowels are ignored"
        );
        assert_eq!(
            with_hamza,
            terms(ARABIC, "الإرهـــاب"),
            "the tatweel is ignored"
        );
        assert_eq!(
            terms(ARABIC, "مصطفى"),
            terms(ARABIC, "مصطفي"),
            "alef maqsura folds to yeh"
        );
    }

    #[test]
    fn diacritics_do_not_split_words() {
        assert_eq!(terms(PLAIN, "الإِرْهَاب في سوريا").len(), 3);
    }

    #[test]
    fn persian_folds_arabic_letters() {
        assert_eq!(terms(PERSIAN, "كتاب"), terms(PERSIAN, "کتاب"));
        assert_eq!(terms(PERSIAN, "مي‌شود"), ["میشود"]);
    }

    proptest::proptest! {
        #[test]
        fn normalising_twice_changes_nothing(text in "[\\u0600-\\u06FF a-z]{0,40}") {
            let once = normalize_arabic(&text);
            proptest::prop_assert_eq!(normalize_arabic(&once), once.clone());
            let persian = normalize_persian(&text);
            proptest::prop_assert_eq!(normalize_persian(&persian), persian.clone());
        }

        #[test]
        fn remembered_stems_are_the_stemmers_own(
            text in "(terror|terrorist|nation|policies|Türkiye|الإرهاب|والسياسات|[a-z]{1,12}|[\\u0621-\\u064A]{1,8})( (terror|nation|relations|[a-z]{1,12}|[\\u0621-\\u064A]{1,8})){0,30}"
        ) {
            use tantivy::tokenizer::{Language, Stemmer};
            let mut english = TextAnalyzer::builder(WordTokenizer)
                .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(Language::English))
                .build();
            let mut arabic = TextAnalyzer::builder(WordTokenizer)
                .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
                .filter(LowerCaser)
                .filter(ScriptNormalizer(Script::Arabic))
                .filter(Stemmer::new(Language::Arabic))
                .build();
            for (name, analyzer) in [(ENGLISH, &mut english), (ARABIC, &mut arabic)] {
                let mut expected = Vec::new();
                analyzer.token_stream(&text).process(&mut |t| expected.push(t.text.clone()));
                // Twice: the second time every stem comes from the memo.
                proptest::prop_assert_eq!(&terms(name, &text), &expected);
                proptest::prop_assert_eq!(&terms(name, &text), &expected);
            }
        }
    }
}
