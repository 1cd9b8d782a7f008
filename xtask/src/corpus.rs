//! A realistic archive in the crawler's format, for benchmarks: varied
//! titles, decks and multi-paragraph bodies, ~300 experts in programs, the
//! real topic and region names, every content type (numbered series
//! included), dates over 25 years, 10% Arabic pages (half of them linked as
//! translations), recommended items, syndication and excerpts.
//! Deterministic: the same seed writes the same files.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use folio_core::{Date, slugify};

use crate::rng::Rng;

const TOPICS: &[(&str, &str)] = &[
    ("Arab & Islamic Politics", "السياسة العربية والإسلامية"),
    ("Arab-Israeli Relations", "العلاقات العربية الإسرائيلية"),
    ("Democracy & Reform", "الديمقراطية والإصلاح"),
    ("Energy & Economics", "الطاقة والاقتصاد"),
    ("Great Power Competition", "التنافس بين القوى العظمى"),
    ("Gulf & Energy Policy", "سياسة الخليج والطاقة"),
    ("Iran Nuclear", "البرنامج النووي الإيراني"),
    ("Israeli Politics", "السياسة الإسرائيلية"),
    ("Military & Security", "الشؤون العسكرية والأمنية"),
    ("Peace Process", "عملية السلام"),
    ("Proxies & Militias", "الوكلاء والميليشيات"),
    ("Terrorism", "الإرهاب"),
    ("U.S. Policy", "السياسة الأمريكية"),
    ("Sanctions", "العقوبات"),
];

const REGIONS: &[(&str, &str)] = &[
    ("Middle East", "الشرق الأوسط"),
    ("North Africa", "شمال أفريقيا"),
    ("Gulf States", "دول الخليج"),
    ("Levant", "بلاد الشام"),
    ("Iran", "إيران"),
    ("Iraq", "العراق"),
    ("Israel", "إسرائيل"),
    ("Syria", "سوريا"),
    ("Lebanon", "لبنان"),
    ("Jordan", "الأردن"),
    ("Egypt", "مصر"),
    ("Saudi Arabia", "السعودية"),
    ("Turkey", "تركيا"),
    ("Yemen", "اليمن"),
    ("Libya", "ليبيا"),
    ("Palestinians", "الفلسطينيون"),
    ("Russia", "روسيا"),
    ("China", "الصين"),
    ("Qatar", "قطر"),
    ("United Arab Emirates", "الإمارات العربية المتحدة"),
    ("Bahrain", "البحرين"),
    ("Kuwait", "الكويت"),
    ("Oman", "عمان"),
    ("Tunisia", "تونس"),
    ("Algeria", "الجزائر"),
    ("Morocco", "المغرب"),
];

/// (name, Arabic label, numbered series)
const TYPES: &[(&str, &str, bool)] = &[
    ("Articles & Testimony", "مقالات وشهادات", false),
    ("Brief Analysis", "تحليل موجز", false),
    ("PolicyWatch", "المرصد السياسي", true),
    ("Policy Notes", "ملاحظات سياسية", true),
    ("Policy Focus", "دراسات السياسة", true),
    ("Policy Forum", "منتدى السياسات", false),
    ("Congressional Testimony", "شهادة أمام الكونغرس", false),
    ("Interviews and Presentations", "مقابلات وعروض", false),
    ("Fikra Forum", "منتدى فكرة", false),
];

const PROGRAMS: &[&str] = &[
    "Diane and Guilford Glazer Foundation Program on Great Power Competition and the Middle East",
    "Reinhard Program on Counterterrorism and Intelligence",
    "Linda and Tony Rubin Program on Arab Politics",
    "Koret Project on Arab-Israel Relations",
    "Military and Security Studies Program",
    "Bernstein Program on Gulf and Energy Policy",
    "Program on Iranian Politics",
    "Irwin Levy Family Program on the U.S.-Israel Strategic Relationship",
];

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Michael",
    "Dana",
    "Matthew",
    "Hanin",
    "Simon",
    "David",
    "Ben",
    "Neomi",
    "Omar",
    "Robert",
    "Grant",
    "Aaron",
    "Katherine",
    "Elizabeth",
    "Farzin",
    "Patrick",
    "Ehud",
    "Assaf",
    "Barbara",
    "Noam",
    "Sabina",
    "Mohammed",
    "Devorah",
    "Ido",
    "Soner",
    "Andrew",
    "James",
    "Dennis",
    "Lindsey",
    "Holly",
    "Ghaith",
    "Ilan",
    "Bilal",
    "Fatima",
    "Leila",
    "Yusuf",
    "Nadia",
    "Karim",
    "Sarah",
    "Zaid",
    "Rania",
    "Tamar",
    "Jonathan",
    "Layla",
    "Samir",
    "Ruth",
    "Hassan",
];

const LAST_NAMES: &[&str] = &[
    "Borshchevskaya",
    "Knights",
    "Stroul",
    "Levitt",
    "Ghaddar",
    "Henderson",
    "Makovsky",
    "Fishman",
    "Neumann",
    "Dhabian",
    "Satloff",
    "Rumley",
    "Zelin",
    "Bauer",
    "Dent",
    "Nadimi",
    "Clawson",
    "Yaari",
    "Orion",
    "Leaf",
    "Raydan",
    "Henneberg",
    "Alaoui",
    "Margolin",
    "Levy",
    "Cagaptay",
    "Tabler",
    "Jeffrey",
    "Ross",
    "Lesser",
    "Cantor",
    "al-Omari",
    "Pollock",
    "Eisenstadt",
    "Haddad",
    "Nasser",
    "Karam",
    "Mansour",
    "Saleh",
    "Aziz",
    "Rahman",
    "Hakim",
    "Malik",
    "Shapiro",
    "Cohen",
    "Katz",
    "Goldberg",
    "Farouk",
    "Bakr",
    "Hamid",
    "Qasim",
    "Darwish",
    "Khoury",
    "Salem",
    "Yassin",
    "Bishara",
    "Awad",
    "Rashid",
    "Tamimi",
    "Harel",
];

const ACTORS: &[&str] = &[
    "Iran",
    "Russia",
    "China",
    "Turkey",
    "Hezbollah",
    "Hamas",
    "the Houthis",
    "Saudi Arabia",
    "Israel",
    "Egypt",
    "Washington",
    "Tehran",
    "Moscow",
    "Beijing",
    "the Gulf States",
    "ISIS",
    "al-Qaeda",
    "Qatar",
    "the UAE",
    "Jordan",
    "the Palestinian Authority",
    "Baghdad",
    "Damascus",
    "Ankara",
    "the Kremlin",
    "the IRGC",
    "Iraqi militias",
    "the Biden Administration",
    "the Trump Administration",
    "Congress",
    "NATO",
    "the European Union",
];

const NOUNS: &[&str] = &[
    "Gamble",
    "Dilemma",
    "Pivot",
    "Shadow War",
    "Red Lines",
    "Calculus",
    "Ambitions",
    "Crackdown",
    "Outreach",
    "Strategy",
    "Miscalculation",
    "Opening",
    "Long Game",
    "Balancing Act",
    "Deterrence",
    "Leverage",
    "Succession",
    "Economic Crisis",
    "Energy Deals",
    "Arms Sales",
    "Drone Program",
    "Missile Arsenal",
    "Proxy Network",
    "Diplomatic Push",
    "Sanctions Evasion",
];

const EVENTS: &[&str] = &[
    "the Gaza War",
    "the Abraham Accords",
    "the Nuclear Deal",
    "the Ceasefire",
    "the Elections",
    "the Earthquake",
    "the Embassy Move",
    "the Withdrawal",
    "the Summit",
    "the Uprising",
    "the Oil Shock",
    "the Coup",
    "the Assassination",
    "the Normalization Talks",
    "the Red Sea Attacks",
    "the Fall of Assad",
    "the Port Explosion",
    "the Sanctions Relief",
];

const CONCEPTS: &[&str] = &[
    "Deterrence",
    "Diplomacy",
    "Containment",
    "Engagement",
    "Pressure",
    "Reform",
    "Normalization",
    "Counterterrorism",
    "Maximum Pressure",
    "Regional Integration",
    "Burden Sharing",
    "Security Cooperation",
    "Economic Statecraft",
];

const SENTENCES: &[&str] = &[
    "{actor} has spent the past year testing how far it can push without triggering a response.",
    "The decision reflects a long-standing calculation in {actor} about risk and reward in {region}.",
    "Officials in {actor} describe the move as defensive, but its effect on {region} has been the opposite.",
    "Few analysts expected {actor} to abandon a policy that had served it so well.",
    "The result is a more fragile balance in {region}, one that could shift quickly after {event}.",
    "Washington has options, but each carries costs that policymakers have been reluctant to accept.",
    "Sanctions alone will not change the behavior of {actor}; they must be paired with credible diplomacy.",
    "In {region}, local actors have learned to hedge between competing powers rather than choose sides.",
    "The episode exposed the limits of {concept} as a framework for dealing with {actor}.",
    "Intelligence assessments suggest that {actor} has expanded its {noun} since {event}.",
    "Partners in {region} are watching closely to see whether the United States will follow through.",
    "A more sustainable approach would combine {concept} with sustained support for local partners.",
    "Energy markets reacted within hours, a reminder of how tightly {region} is bound to the global economy.",
    "The humanitarian consequences have been severe, and they are likely to outlast the fighting.",
    "Critics argue that the policy rewards {actor} while doing little to address the underlying problem.",
    "Public opinion in {region} has hardened, narrowing the space for compromise.",
    "Military planners worry that a miscalculation could escalate far beyond what either side intends.",
    "The financial networks that sustain {actor} run through exchange houses, front companies and charities.",
    "Any agreement will need verification measures that {actor} has so far refused to accept.",
    "Great power competition has come to {region}, with Russia and China offering alternatives to Western partners.",
    "Terrorism remains the most immediate threat, and {actor} has done more to enable terrorist groups than to fight them.",
    "Counterterrorism cooperation with {actor} has produced fewer results than its advocates promised.",
    "The nuclear file hangs over every negotiation involving {actor}.",
];

const AR_SENTENCES: &[&str] = &[
    "أمضت {actor} العام الماضي في اختبار حدود ما يمكنها فعله من دون إثارة رد فعل.",
    "يعكس القرار حسابات قديمة في {actor} بشأن المخاطر والمكاسب في {region}.",
    "لم يتوقع كثير من المحللين أن تتخلى {actor} عن سياسة خدمتها جيداً.",
    "النتيجة توازن أكثر هشاشة في {region} قد يتغير بسرعة.",
    "لن تغيّر العقوبات وحدها سلوك {actor}، بل يجب أن تقترن بدبلوماسية ذات مصداقية.",
    "تعلّمت الأطراف المحلية في {region} التحوّط بين القوى المتنافسة بدلاً من الانحياز.",
    "كشفت هذه الحلقة حدود سياسة الردع في التعامل مع {actor}.",
    "يراقب الشركاء في {region} عن كثب ما إذا كانت الولايات المتحدة ستفي بالتزاماتها.",
    "كانت العواقب الإنسانية شديدة، ومن المرجح أن تدوم بعد انتهاء القتال.",
    "تمر الشبكات المالية التي تموّل الإرهاب عبر شركات الصرافة والشركات الواجهة والجمعيات الخيرية.",
    "تصلّب الرأي العام في {region}، ما ضيّق هامش التسوية.",
    "يخشى المخططون العسكريون من أن يؤدي خطأ في الحسابات إلى تصعيد يتجاوز ما يريده أي طرف.",
];

const AR_ACTORS: &[&str] = &[
    "إيران",
    "روسيا",
    "الصين",
    "تركيا",
    "حزب الله",
    "حماس",
    "الحوثيون",
    "السعودية",
    "إسرائيل",
    "مصر",
    "واشنطن",
    "طهران",
    "موسكو",
    "بكين",
    "قطر",
];

const AR_NOUNS: &[&str] = &[
    "رهان",
    "معضلة",
    "استراتيجية",
    "حرب الظل",
    "الخطوط الحمراء",
    "حسابات",
    "طموحات",
    "حملة",
    "الردع",
    "النفوذ",
    "صفقات السلاح",
    "برنامج الطائرات المسيّرة",
    "شبكة الوكلاء",
];

const OUTLETS: &[&str] = &[
    "Foreign Affairs",
    "Foreign Policy",
    "19Forty-Five",
    "The Hill",
    "Washington Post",
    "Wall Street Journal",
    "The National Interest",
    "War on the Rocks",
    "Politico",
    "The Atlantic",
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

struct Expert {
    name: String,
    slug: String,
    bio: String,
    program: &'static str,
}

/// What later pages need to know of an earlier one.
struct Written {
    title: String,
    slug: String,
    type_label: String,
    date: Date,
    author: String,
    language: &'static str,
}

pub fn generate(articles: usize, out: &Path, seed: u64) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut rng = Rng::new(seed);
    let experts = make_experts(&mut rng);
    let mut slugs: HashSet<(String, &'static str)> = HashSet::new();
    let mut written: Vec<Written> = Vec::with_capacity(articles);
    let mut series = 1000u32;
    for index in 0..articles {
        let arabic = rng.chance(10);
        let translation_of = if arabic && !written.is_empty() && rng.chance(50) {
            let candidate = rng.below(written.len());
            (written[candidate].language == "en").then_some(candidate)
        } else {
            None
        };
        let page = if arabic {
            arabic_page(&mut rng, &experts, &mut slugs, &written, translation_of)
        } else {
            english_page(&mut rng, &experts, &mut slugs, &written, &mut series)
        };
        let (text, record) = page;
        let path = out.join(format!("{index:06}_{}.txt", record.language));
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(record);
    }
    Ok(())
}

fn make_experts(rng: &mut Rng) -> Vec<Expert> {
    let mut seen = HashSet::new();
    let mut experts = Vec::new();
    while experts.len() < 300 {
        let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        if !seen.insert(name.clone()) {
            continue;
        }
        let program = rng.pick(PROGRAMS);
        let role = rng.pick(&[
            "a senior fellow",
            "a fellow",
            "an adjunct fellow",
            "a research assistant",
            "a visiting fellow",
        ]);
        let focus = rng.pick(TOPICS).0.to_lowercase();
        experts.push(Expert {
            slug: slugify(&name),
            bio: format!("{name} is {role} at The Washington Institute, focusing on {focus}."),
            name,
            program,
        });
    }
    experts
}

fn random_date(rng: &mut Rng) -> Date {
    let year = rng.between(2000, 2025) as i16;
    let month = rng.between(1, 12) as i8;
    let day = rng.between(1, 28) as i8;
    Date::new(year, month, day).expect("a valid date")
}

fn fill(template: &str, rng: &mut Rng, region: &str, actors: &[&str]) -> String {
    template
        .replace("{actor}", rng.pick(actors))
        .replace("{region}", region)
        .replace("{event}", &rng.pick(EVENTS).to_lowercase())
        .replace("{concept}", &rng.pick(CONCEPTS).to_lowercase())
        .replace("{noun}", &rng.pick(NOUNS).to_lowercase())
}

fn english_title(rng: &mut Rng, region: &str) -> String {
    let actor = rng.pick(ACTORS);
    let actor_title = capitalize(actor);
    match rng.below(8) {
        0 => format!("{actor_title}’s {} in {region}", rng.pick(NOUNS)),
        1 => format!("How {actor_title} Is Reshaping {region}"),
        2 => format!("What {} Means for {region}", capitalize(rng.pick(EVENTS))),
        3 => format!("The Limits of {} in {region}", rng.pick(CONCEPTS)),
        4 => format!(
            "Why {actor_title} Cannot Afford Another {}",
            rng.pick(NOUNS)
        ),
        5 => format!(
            "{region} After {}: {} and {}",
            capitalize(rng.pick(EVENTS)),
            rng.pick(NOUNS),
            rng.pick(CONCEPTS)
        ),
        6 => format!(
            "{actor_title} and {}: A New {}",
            capitalize(rng.pick(ACTORS)),
            rng.pick(NOUNS)
        ),
        _ => format!("Rethinking {} Toward {actor_title}", rng.pick(CONCEPTS)),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A title whose slug no earlier page has, in its language.
fn unique_title(
    rng: &mut Rng,
    slugs: &mut HashSet<(String, &'static str)>,
    language: &'static str,
    mut make: impl FnMut(&mut Rng) -> String,
) -> (String, String) {
    for attempt in 0.. {
        let mut title = make(rng);
        if attempt >= 5 {
            title = format!("{title} ({})", attempt);
        }
        let slug = slugify(&title);
        if slugs.insert((slug.clone(), language)) {
            return (title, slug);
        }
    }
    unreachable!("the loop returns")
}

fn paragraphs(rng: &mut Rng, templates: &[&str], region: &str, actors: &[&str]) -> Vec<String> {
    // Templates name their actor as {actor}; each language has its own list.
    let count = rng.between(4, 8);
    (0..count)
        .map(|p| {
            let sentences = rng.between(3, 6);
            let mut paragraph = String::new();
            for s in 0..sentences {
                if s > 0 {
                    paragraph.push(' ');
                }
                let mut sentence = fill(rng.pick(templates), rng, region, actors);
                // Now and then a link in the crawler's form, or bold words.
                if p > 0 && s == 1 && rng.chance(30) {
                    let word = sentence
                        .split(' ')
                        .nth(2)
                        .unwrap_or("report")
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .to_owned();
                    if !word.is_empty() {
                        let url = format!(
                            "https://www.example-news.org/{}/{}",
                            rng.between(2000, 2025),
                            rng.below(100_000)
                        );
                        sentence =
                            sentence.replacen(&word, &format!("[{word} \\({url}\\)]({url})"), 1);
                    }
                }
                paragraph.push_str(&sentence);
            }
            if p == 0 && rng.chance(50) {
                // The crawler's split drop cap.
                let mut chars = paragraph.chars();
                if let Some(first) = chars.next() {
                    paragraph = format!("**{first}**{}", chars.as_str());
                }
            }
            paragraph
        })
        .collect()
}

fn printed_date(date: Date) -> String {
    format!(
        "{} {}, {}",
        MONTHS[(date.month() - 1) as usize],
        date.day(),
        date.year()
    )
}

fn english_page(
    rng: &mut Rng,
    experts: &[Expert],
    slugs: &mut HashSet<(String, &'static str)>,
    written: &[Written],
    series: &mut u32,
) -> (String, Written) {
    let (region, _) = rng.pick(REGIONS);
    let (title, slug) = unique_title(rng, slugs, "en", |r| english_title(r, region));
    let author_count = if rng.chance(15) { 2 } else { 1 };
    let mut authors: Vec<&Expert> = Vec::new();
    while authors.len() < author_count {
        let expert = &experts[rng.below(experts.len())];
        if !authors.iter().any(|a| a.slug == expert.slug) {
            authors.push(expert);
        }
    }
    let date = random_date(rng);
    let (type_name, _, numbered) = rng.pick(TYPES);
    let type_label = if numbered {
        *series += 1;
        format!("{type_name} {series}")
    } else {
        type_name.to_owned()
    };
    let outlet = rng.pick(OUTLETS);
    let excerpt = type_name == "Articles & Testimony" && rng.chance(30);
    let also_published = type_name == "Articles & Testimony" && !excerpt && rng.chance(40);

    let mut page = String::with_capacity(6000);
    let _ = write!(page, "\n\n# {title}\n\nby ");
    for (i, author) in authors.iter().enumerate() {
        if i > 0 {
            page.push_str(" and ");
        }
        let _ = write!(page, "[{} \\(/experts/{}\\)](#)", author.name, author.slug);
    }
    let _ = write!(page, "\n\n{}\n\n", printed_date(date));
    if also_published {
        let _ = write!(page, "Also published in *{outlet}*\n\n");
    }
    page.push_str("## ABOUT THE AUTHORS\n\n\n\n");
    for author in &authors {
        let _ = write!(
            page,
            "[{} \\(/experts/{}\\)](#)\n\n{}\n\n",
            author.name, author.slug, author.bio
        );
    }
    let _ = write!(page, "\n\n{type_label}\n\n---\n\n");
    let deck = fill(rng.pick(SENTENCES), rng, region, ACTORS);
    let _ = write!(page, "## {deck}\n\n");
    let mut body = paragraphs(rng, SENTENCES, region, ACTORS);
    if excerpt {
        body.truncate(1);
        body[0].push_str("...");
    }
    page.push_str(&body.join("\n\n"));
    page.push_str("\n\n");
    if excerpt {
        let url = format!("https://www.{}.com/articles/{slug}", slugify(outlet));
        let _ = write!(
            page,
            "**[Read the full article on the {outlet} website. \\({url}\\)]({url})** ❖\n\n*{outlet}*\n\n"
        );
    } else {
        let author = authors[0];
        let _ = write!(
            page,
            "*{} is a fellow in The Washington Institute’s {}.*\n\n",
            author.name, author.program
        );
    }
    page.push_str("---\n\n## RECOMMENDED\n\n---\n\n");
    for _ in 0..3 {
        if written.is_empty() {
            break;
        }
        let other = &written[rng.below(written.len())];
        if other.language != "en" {
            continue;
        }
        let _ = write!(
            page,
            "\n\n{}\n\n**{}**\n\n{}\n\n◆  \n{}  \n(/policy-analysis/{})\n\n",
            other.type_label.to_uppercase(),
            other.title,
            printed_date(other.date),
            other.author,
            other.slug
        );
    }
    page.push_str("TOPICS\n\n");
    let topic_count = rng.between(1, 3);
    let mut chosen = Vec::new();
    for _ in 0..topic_count {
        let (topic, _) = rng.pick(TOPICS);
        if !chosen.contains(&topic) {
            chosen.push(topic);
            let _ = write!(page, "{topic} (/policy-analysis/{})\n\n", slugify(topic));
        }
    }
    let _ = write!(
        page,
        "REGIONS & COUNTRIES\n\n{region} (/policy-analysis/{})\n",
        slugify(region)
    );
    if rng.chance(30) {
        let (other, _) = rng.pick(REGIONS);
        if other != region {
            let _ = write!(page, "\n{other} (/policy-analysis/{})\n", slugify(other));
        }
    }
    let record = Written {
        title,
        slug,
        type_label,
        date,
        author: authors[0].name.clone(),
        language: "en",
    };
    (page, record)
}

fn arabic_page(
    rng: &mut Rng,
    experts: &[Expert],
    slugs: &mut HashSet<(String, &'static str)>,
    written: &[Written],
    translation_of: Option<usize>,
) -> (String, Written) {
    let (_, region) = rng.pick(REGIONS);
    let (title, slug) = unique_title(rng, slugs, "ar", |r| {
        format!("{} {} في {}", r.pick(AR_NOUNS), r.pick(AR_ACTORS), region)
    });
    let expert = &experts[rng.below(experts.len())];
    let date = translation_of.map_or_else(|| random_date(rng), |i| written[i].date);
    let (_, type_arabic, _) = rng.pick(TYPES);
    let mut page = String::with_capacity(5000);
    let _ = write!(
        page,
        "\n\n# {title}\n\nبقلم [{} \\(/ar/experts/{}\\)](#)\n\n{} {}/{} {}\n\n",
        expert.name,
        expert.slug,
        date.day(),
        folio_core::arabic_month_name(date.month())
            .split('/')
            .next()
            .unwrap_or(""),
        folio_core::arabic_month_name(date.month())
            .split('/')
            .nth(1)
            .unwrap_or(""),
        date.year()
    );
    if let Some(original) = translation_of {
        let _ = write!(
            page,
            "متوفر أيضاً في\n\n[English \\(/policy-analysis/{}\\)](#)\n\n",
            written[original].slug
        );
    }
    let _ = write!(
        page,
        "## عن المؤلفين\n\n\n\n[{} \\(/ar/experts/{}\\)](#)\n\n{} زميل في معهد واشنطن.\n\n\n\n{type_arabic}\n\n---\n\n",
        expert.name, expert.slug, expert.name
    );
    let deck = fill(rng.pick(AR_SENTENCES), rng, region, AR_ACTORS);
    let _ = write!(page, "## {deck}\n\n");
    page.push_str(&paragraphs(rng, AR_SENTENCES, region, AR_ACTORS).join("\n\n"));
    page.push_str("\n\nالمواضيع\n\n");
    let (_, topic) = rng.pick(TOPICS);
    let _ = write!(page, "{topic} (/ar/policy-analysis/{})\n\n", slugify(topic));
    let _ = write!(
        page,
        "المناطق والبلدان\n\n{region} (/ar/policy-analysis/{})\n",
        slugify(region)
    );
    let record = Written {
        title,
        slug,
        type_label: type_arabic.to_owned(),
        date,
        author: expert.name.clone(),
        language: "ar",
    };
    (page, record)
}
