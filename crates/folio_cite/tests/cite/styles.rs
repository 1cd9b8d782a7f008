//! Chicago, APA and MLA: exact strings for the seeds, then each rule.

use folio_cite::{Work, apa, chicago, mla};

use crate::seeds::{FIVE, PUBLISHER, putin, putin_by, russia};

const RUSSIA_URL: &str = "https://www.washingtoninstitute.org/policy-analysis/russias-questionable-counterterrorism-record";
const PUTIN_URL: &str =
    "https://www.washingtoninstitute.org/policy-analysis/putin-no-ally-war-terror-2024";
const PUTIN: &str = "Putin Is No Ally in the War on Terror in 2024";

#[test]
fn chicago_seeds() {
    let r = chicago(&russia());
    assert_eq!(
        r.text,
        format!(
            "Borshchevskaya, Anna. “Russia's Questionable Counterterrorism Record.” \
             Articles & Testimony. {PUBLISHER}, November 23, 2017. {RUSSIA_URL}."
        )
    );
    assert_eq!(
        r.html,
        format!(
            "Borshchevskaya, Anna. “Russia&#39;s Questionable Counterterrorism Record.” \
             Articles &amp; Testimony. {PUBLISHER}, November 23, 2017. {RUSSIA_URL}."
        )
    );
    let p = chicago(&putin());
    assert_eq!(
        p.text,
        format!("Borshchevskaya, Anna. “{PUTIN}.” {PUBLISHER}, April 5, 2024. {PUTIN_URL}.")
    );
    // Chicago italicises nothing here: the site name is roman.
    assert_eq!(p.html, p.text);
}

#[test]
fn apa_seeds() {
    let r = apa(&russia());
    assert_eq!(
        r.text,
        format!(
            "Borshchevskaya, A. (2017, November 23). Russia's Questionable Counterterrorism \
             Record (Articles & Testimony). {PUBLISHER}. {RUSSIA_URL}"
        )
    );
    assert_eq!(
        r.html,
        format!(
            "Borshchevskaya, A. (2017, November 23). <i>Russia&#39;s Questionable \
             Counterterrorism Record</i> (Articles &amp; Testimony). {PUBLISHER}. {RUSSIA_URL}"
        )
    );
    let p = apa(&putin());
    assert_eq!(
        p.text,
        format!("Borshchevskaya, A. (2024, April 5). {PUTIN}. {PUBLISHER}. {PUTIN_URL}")
    );
    assert_eq!(
        p.html,
        format!("Borshchevskaya, A. (2024, April 5). <i>{PUTIN}</i>. {PUBLISHER}. {PUTIN_URL}")
    );
}

#[test]
fn mla_seeds() {
    let r = mla(&russia());
    assert_eq!(
        r.text,
        format!(
            "Borshchevskaya, Anna. “Russia's Questionable Counterterrorism Record.” {PUBLISHER}, \
             23 Nov. 2017, www.washingtoninstitute.org/policy-analysis/russias-questionable-counterterrorism-record."
        )
    );
    let p = mla(&putin());
    assert_eq!(
        p.text,
        format!(
            "Borshchevskaya, Anna. “{PUTIN}.” {PUBLISHER}, 5 Apr. 2024, \
             www.washingtoninstitute.org/policy-analysis/putin-no-ally-war-terror-2024."
        )
    );
    assert_eq!(
        p.html,
        format!(
            "Borshchevskaya, Anna. “{PUTIN}.” <i>{PUBLISHER}</i>, 5 Apr. 2024, \
             www.washingtoninstitute.org/policy-analysis/putin-no-ally-war-terror-2024."
        )
    );
}

#[test]
fn html_escapes_a_hostile_title() {
    let work = Work {
        title: "<script>alert('x')</script> & \"more\"".into(),
        container: Some("<b>Notes</b>".into()),
        ..russia()
    };
    for (style, f) in [
        ("chicago", chicago(&work)),
        ("apa", apa(&work)),
        ("mla", mla(&work)),
    ] {
        assert!(
            f.html
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"),
            "{style}: {}",
            f.html
        );
        let untagged = f.html.replace("<i>", "").replace("</i>", "");
        assert!(!untagged.contains(['<', '>']), "{style}: {}", f.html);
        assert!(f.text.contains("<script>"), "{style}: text is not escaped");
    }
    assert!(chicago(&work).html.contains("&lt;b&gt;Notes&lt;/b&gt;"));
    // Inner double quotes turn single inside Chicago's and MLA's quotes.
    assert!(chicago(&work).text.contains("& ‘more’.”"));
}

fn starts(f: folio_cite::Formatted, prefix: &str) {
    assert!(
        f.text.starts_with(prefix),
        "\n expected prefix: {prefix}\n got: {}",
        f.text
    );
}

#[test]
fn chicago_multiple_authors() {
    let two = putin_by(&FIVE[..2]);
    starts(
        chicago(&two),
        "Borshchevskaya, Anna, and Michael Knights. “Putin",
    );
    starts(
        chicago(&putin_by(&FIVE[..3])),
        "Borshchevskaya, Anna, Michael Knights, and Ana de la Cruz. “Putin",
    );
    starts(
        chicago(&putin_by(&FIVE)),
        "Borshchevskaya, Anna, Michael Knights, Ana de la Cruz, Martin Luther King Jr., \
         and Dana Stroul. “Putin",
    );
    // Ten are all listed; eleven give the first seven and "et al.".
    let names: Vec<String> = (1..=11).map(|i| format!("Given{i} Family{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    starts(
        chicago(&putin_by(&refs[..10])),
        "Family1, Given1, Given2 Family2, Given3 Family3, Given4 Family4, Given5 Family5, \
         Given6 Family6, Given7 Family7, Given8 Family8, Given9 Family9, and Given10 Family10. “",
    );
    starts(
        chicago(&putin_by(&refs)),
        "Family1, Given1, Given2 Family2, Given3 Family3, Given4 Family4, Given5 Family5, \
         Given6 Family6, Given7 Family7, et al. “Putin",
    );
}

#[test]
fn apa_multiple_authors() {
    starts(
        apa(&putin_by(&FIVE[..2])),
        "Borshchevskaya, A., & Knights, M. (2024, April 5).",
    );
    starts(
        apa(&putin_by(&FIVE[..3])),
        "Borshchevskaya, A., Knights, M., & de la Cruz, A. (2024, April 5).",
    );
    starts(
        apa(&putin_by(&FIVE)),
        "Borshchevskaya, A., Knights, M., de la Cruz, A., King, M. L., Jr., & Stroul, D. \
         (2024, April 5).",
    );
    let names: Vec<String> = (1..=21).map(|i| format!("Given{i} Family{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let twenty = apa(&putin_by(&refs[..20])).text;
    assert!(
        twenty.contains("Family19, G., & Family20, G. (2024"),
        "{twenty}"
    );
    let many = apa(&putin_by(&refs)).text;
    assert!(
        many.contains("Family18, G., Family19, G., . . . Family21, G. (2024"),
        "{many}"
    );
    assert!(!many.contains("Family20"), "{many}");
}

#[test]
fn mla_multiple_authors() {
    starts(
        mla(&putin_by(&FIVE[..2])),
        "Borshchevskaya, Anna, and Michael Knights. “Putin",
    );
    starts(
        mla(&putin_by(&FIVE[..3])),
        "Borshchevskaya, Anna, et al. “Putin",
    );
    starts(mla(&putin_by(&FIVE)), "Borshchevskaya, Anna, et al. “Putin");
}

#[test]
fn particles_suffixes_and_unsplittable_names() {
    let cases = [
        (
            "Ana de la Cruz",
            "de la Cruz, Ana. “",
            "de la Cruz, A. (2024",
            "de la Cruz, Ana. “",
        ),
        (
            "Martin Luther King Jr.",
            "King, Martin Luther, Jr. “",
            "King, M. L., Jr. (2024",
            "King, Martin Luther, Jr. “",
        ),
        (
            "مايكل نايتس",
            "مايكل نايتس. “",
            "مايكل نايتس. (2024",
            "مايكل نايتس. “",
        ),
        ("Plato", "Plato. “", "Plato. (2024", "Plato. “"),
    ];
    for (name, c, a, m) in cases {
        let work = putin_by(&[name]);
        starts(chicago(&work), c);
        starts(apa(&work), a);
        starts(mla(&work), m);
    }
    // An unsplittable name later in the list is printed as written too,
    // and no comma goes before "and" after a literal first name.
    starts(
        chicago(&putin_by(&["Anna Borshchevskaya", "مايكل نايتس"])),
        "Borshchevskaya, Anna, and مايكل نايتس. “",
    );
    starts(
        chicago(&putin_by(&["Plato", "Anna Borshchevskaya"])),
        "Plato and Anna Borshchevskaya. “",
    );
    starts(
        apa(&putin_by(&["Anna Borshchevskaya", "مايكل نايتس"])),
        "Borshchevskaya, A., & مايكل نايتس. (2024",
    );
}

#[test]
fn missing_date() {
    let work = Work {
        published_on: None,
        ..putin()
    };
    assert_eq!(
        chicago(&work).text,
        format!("Borshchevskaya, Anna. “{PUTIN}.” {PUBLISHER}, n.d. {PUTIN_URL}.")
    );
    assert_eq!(
        apa(&work).text,
        format!("Borshchevskaya, A. (n.d.). {PUTIN}. {PUBLISHER}. {PUTIN_URL}")
    );
    assert_eq!(
        mla(&work).text,
        format!(
            "Borshchevskaya, Anna. “{PUTIN}.” {PUBLISHER}, \
             www.washingtoninstitute.org/policy-analysis/putin-no-ally-war-terror-2024."
        )
    );
}

#[test]
fn missing_authors_put_the_title_first() {
    let work = Work {
        authors: vec![" ".into()],
        ..putin()
    };
    assert_eq!(
        chicago(&work).text,
        format!("“{PUTIN}.” {PUBLISHER}, April 5, 2024. {PUTIN_URL}.")
    );
    assert_eq!(
        apa(&work).text,
        format!("{PUTIN}. (2024, April 5). {PUBLISHER}. {PUTIN_URL}")
    );
    assert_eq!(
        apa(&Work {
            authors: vec![],
            ..russia()
        })
        .html,
        format!(
            "<i>Russia&#39;s Questionable Counterterrorism Record</i> (Articles &amp; Testimony). \
             (2017, November 23). {PUBLISHER}. {RUSSIA_URL}"
        )
    );
    assert_eq!(
        mla(&work).text,
        format!(
            "“{PUTIN}.” {PUBLISHER}, 5 Apr. 2024, \
             www.washingtoninstitute.org/policy-analysis/putin-no-ally-war-terror-2024."
        )
    );
}

#[test]
fn question_marks_are_not_followed_by_a_period() {
    let work = Work {
        title: "Is Putin an Ally?".into(),
        ..putin()
    };
    starts(
        chicago(&work),
        "Borshchevskaya, Anna. “Is Putin an Ally?” The",
    );
    assert!(apa(&work).html.contains("<i>Is Putin an Ally?</i> The"));
    starts(mla(&work), "Borshchevskaya, Anna. “Is Putin an Ally?” The");
}

#[test]
fn mla_months_follow_the_handbook() {
    let expected = [
        "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
        "Dec.",
    ];
    for (i, month) in expected.iter().enumerate() {
        let work = Work {
            published_on: Some(jiff::civil::date(2024, i as i8 + 1, 9)),
            ..putin()
        };
        let text = mla(&work).text;
        assert!(text.contains(&format!(", 9 {month} 2024, ")), "{text}");
    }
}
