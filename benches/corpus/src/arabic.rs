//! The Arabic edition's words: names written in Arabic script (people and
//! places transliterated, the words of organizations, events and other
//! entities translated), and the sentences of its articles.

use crate::corpus::{Entity, Parts};
use crate::editions::{Language, Localized};
use crate::vocab::{
    EVENT_TYPES, FIRST_NAMES, LAST_NAMES, ORG_DOMAINS, ORG_REGIONS, ORG_TYPES, OTHER_FIRST,
    OTHER_KINDS, OTHER_NOUNS, PERSON_ROLES, PLACE_ALIASES, PLACE_FORMS, PLACE_ROOTS,
    PLACE_SUFFIXES,
};

/// A Latin word in Arabic letters, as a newsroom spells a foreign name
/// ("Okafor" as "أوكافور"): long vowels for every vowel, digraphs first,
/// doubled letters once, a hamza on a vowel that starts the word.
pub fn transliterate(word: &str) -> String {
    for (latin, arabic) in SPELLINGS {
        if let Some(rest) = word.strip_prefix(latin) {
            return arabic.to_string() + &letters(rest, false);
        }
    }
    letters(word, true)
}

/// Words the letter rules would spell like another word of the names
/// (Lena and Lina, Caldera and Kaldera), with a spelling of their own.
const SPELLINGS: [(&str, &str); 4] = [
    ("Lena", "لينه"),
    ("Mateo", "ماطيو"),
    ("Omar", "عمر"),
    ("Kaldera", "قالديرا"),
];

/// `word` letter by letter; `initial` when it starts the word.
fn letters(word: &str, initial: bool) -> String {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut out = String::new();
    let start = usize::from(!initial);
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        let next = lower.get(i + 1).copied();
        let first = i + start == 0;
        if i > 0 && Some(c) == lower.get(i - 1).copied() && !is_vowel(c) {
            i += 1;
            continue;
        }
        let pair: String = [c].into_iter().chain(next).collect();
        let digraph = match pair.as_str() {
            "sh" => Some("ش"),
            "th" => Some("ث"),
            "kh" => Some("خ"),
            "ch" => Some("تش"),
            "ph" => Some("ف"),
            "gh" => Some("غ"),
            "ck" => Some("ك"),
            "qu" => Some("كو"),
            "ou" | "oo" => Some(if first { "أو" } else { "و" }),
            "ee" | "ie" => Some(if first { "إي" } else { "ي" }),
            "ai" | "ay" | "ei" => Some(if first { "أي" } else { "اي" }),
            _ => None,
        };
        if let Some(arabic) = digraph {
            out.push_str(arabic);
            i += 2;
            continue;
        }
        let last = i + 1 == lower.len();
        out.push_str(letter(c, first, last, next));
        i += 1;
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// One Latin letter in Arabic; `first` and `last` in the word.
fn letter(c: char, first: bool, last: bool, next: Option<char>) -> &'static str {
    match c {
        'a' if first => "أ",
        'a' if last => "ا",
        'a' => "ا",
        'e' if first => "إي",
        // A final e after a consonant is silent ("Claire").
        'e' if last => "",
        'e' => "ي",
        'i' if first => "إي",
        'i' | 'y' => "ي",
        'o' | 'u' if first => "أو",
        'o' | 'u' => "و",
        'b' | 'p' => "ب",
        'c' if matches!(next, Some('e' | 'i' | 'y')) => "س",
        'c' | 'k' => "ك",
        'q' => "ق",
        'd' => "د",
        'f' => "ف",
        'v' => "ڤ",
        'g' => "غ",
        'h' => "ه",
        'j' => "ج",
        'l' => "ل",
        'm' => "م",
        'n' => "ن",
        'r' => "ر",
        's' => "س",
        't' => "ت",
        'w' => "و",
        'x' => "كس",
        'z' => "ز",
        '-' => "-",
        _ => "",
    }
}

/// A root of place names (`Aldren-Kesselford`), piece by piece.
fn root(roots: &[usize], suffix: usize) -> String {
    let latin: Vec<&str> = roots.iter().map(|&r| PLACE_ROOTS[r]).collect();
    let latin = latin.join("-") + PLACE_SUFFIXES[suffix];
    latin
        .split('-')
        .map(transliterate)
        .collect::<Vec<_>>()
        .join("-")
}

/// The title word of a person's alias ("Minister Okafor"), by its English word.
fn title(english: &str) -> &'static str {
    match english {
        "Minister" => "الوزير",
        "Ambassador" => "السفير",
        "Director" => "المدير",
        "Governor" => "المحافظ",
        "Judge" => "القاضي",
        "Senator" => "السيناتور",
        "Editor" => "المحرر",
        "Secretary" => "الأمين",
        "Professor" => "البروفيسور",
        "Mayor" => "العمدة",
        "Commissioner" => "المفوض",
        other => panic!("no Arabic for the title {other}"),
    }
}

/// The type of an organization, and whether it is feminine (its adjective
/// takes ة).
const ORG_TYPES_AR: [(&str, bool); ORG_TYPES.len()] = [
    ("وكالة", true),
    ("هيئة", true),
    ("مجلس", false),
    ("اتحاد", false),
    ("رابطة", true),
    ("مفوضية", true),
    ("معهد", false),
    ("تحالف", false),
    ("أمانة", true),
    ("مصرف", false),
    ("لجنة", true),
    ("جمعية", true),
    ("مؤسسة", true),
    ("ائتلاف", false),
    ("شبكة", true),
    ("عصبة", true),
    ("شركة", true),
    ("تعاونية", true),
    ("مديرية", true),
    ("مرصد", false),
];
/// Masculine; the feminine adds ة.
const ORG_REGIONS_AR: [&str; ORG_REGIONS.len()] = [
    "الشمالي",
    "الجنوبي",
    "الشرقي",
    "الغربي",
    "المركزي",
    "الساحلي",
    "الجبلي",
    "الوطني",
    "الموحد",
    "الاتحادي",
    "القاري",
    "الأطلسي",
    "الباسيفيكي",
    "النهري",
    "البحيري",
    "الحضري",
    "الإقليمي",
    "الداخلي",
    "الحدودي",
    "الحليف",
    "الولائي",
];
const ORG_DOMAINS_AR: [&str; ORG_DOMAINS.len()] = [
    "الإغاثة",
    "المياه",
    "الطاقة",
    "الحبوب",
    "الصحة",
    "النقل",
    "العمل",
    "المصايد",
    "الإسكان",
    "التعدين",
    "التجارة",
    "اللاجئين",
    "التعليم",
    "الغابات",
    "البث",
    "السكك",
    "الموانئ",
    "الطب",
    "المحاربين",
    "المزارعين",
    "المعلمين",
    "النسيج",
    "الطيران",
    "الأراضي",
    "المناخ",
    "العدالة",
    "الانتخابات",
    "الحدود",
    "الجمارك",
    "السياحة",
];
/// Feminine, as the adjective of a plural of things.
const OTHER_FIRST_AR: [&str; OTHER_FIRST.len()] = [
    "النظيفة",
    "المفتوحة",
    "العادلة",
    "الآمنة",
    "الخضراء",
    "الريفية",
    "الرقمية",
    "الحية",
    "الثانية",
    "المستقبلية",
    "الأساسية",
    "الذكية",
    "الحرة",
    "المشتركة",
    "المستقرة",
];
const OTHER_NOUNS_AR: [&str; OTHER_NOUNS.len()] = [
    "الأنهار",
    "المرافئ",
    "الحقول",
    "الأجواء",
    "الطرق",
    "المدارس",
    "الأسواق",
    "الأجور",
    "المساكن",
    "الأحراج",
    "السواحل",
    "الشوارع",
    "الشبكات",
    "البذور",
];
const OTHER_KINDS_AR: [&str; OTHER_KINDS.len()] = [
    "قانون",
    "برنامج",
    "مؤشر",
    "صندوق",
    "ميثاق",
    "بروتوكول",
    "خطة",
    "عهد",
];
const PLACE_FORMS_AR: [&str; PLACE_FORMS.len()] = [
    "{r}",
    "ميناء {r}",
    "وادي {r}",
    "محافظة {r}",
    "بحيرة {r}",
    "{r} الجديدة",
    "خليج {r}",
    "شمال {r}",
    "مرتفعات {r}",
    "دلتا {r}",
    "سانت {r}",
    "سهول {r}",
];
const PLACE_ALIASES_AR: [&str; PLACE_ALIASES.len()] =
    ["{r} الكبرى", "قضاء {r}", "إقليم {r}", "منطقة {r}"];
/// An event's word and its aliases' words, as in `EVENT_TYPES`.
const EVENT_TYPES_AR: [(&str, [&str; 2]); EVENT_TYPES.len()] = [
    ("اتفاق", ["اتفاقية", "صفقة"]),
    ("قمة", ["مؤتمر", "اجتماع"]),
    ("فيضانات", ["فيضان", "سيول"]),
    ("إضراب", ["اعتصام", "توقف"]),
    ("انقطاع", ["عتمة", "ظلام"]),
    ("تحقيق", ["جلسات", "استجواب"]),
    ("استفتاء", ["تصويت", "اقتراع"]),
    ("احتجاجات", ["مظاهرات", "مسيرات"]),
    ("هدنة", ["تهدئة", "مهادنة"]),
    ("أزمة", ["طوارئ", "مواجهة"]),
    ("إعلان", ["بيان", "تعهد"]),
    ("تسرب", ["تسريب", "بقعة"]),
];

/// The entity's name and aliases in Arabic, the aliases of the same forms
/// as its English ones (an English acronym has none in Arabic).
pub fn names(entity: &Entity) -> (String, Vec<Option<String>>) {
    let alias = |form: &dyn Fn(usize) -> Option<String>| -> Vec<Option<String>> {
        entity.alias_forms.iter().map(|&f| form(f)).collect()
    };
    match &entity.parts {
        Parts::Person { first, last, role } => {
            let first = transliterate(FIRST_NAMES[*first]);
            let last: Vec<String> = last.iter().map(|&l| transliterate(LAST_NAMES[l])).collect();
            let last = last.join("-");
            let initial: String = first.chars().take(1).collect();
            let title = title(PERSON_ROLES[*role].1);
            let aliases = alias(&|f| {
                Some(match f {
                    0 => last.clone(),
                    1 => format!("{title} {last}"),
                    _ => format!("{initial}. {last}"),
                })
            });
            (format!("{first} {last}"), aliases)
        }
        Parts::Organization {
            region,
            domains,
            kind,
        } => {
            let (word, feminine) = ORG_TYPES_AR[*kind];
            let region = ORG_REGIONS_AR[*region].to_string() + if feminine { "ة" } else { "" };
            let domains: Vec<&str> = domains.iter().map(|&d| ORG_DOMAINS_AR[d]).collect();
            let domains = domains.join(" و");
            let aliases = alias(&|f| match f {
                0 => None,
                1 => Some(format!("{word} {domains}")),
                _ => Some(format!("ال{word} {region}")),
            });
            (format!("{word} {domains} {region}"), aliases)
        }
        Parts::Other { first, nouns, kind } => {
            let adjective = OTHER_FIRST_AR[*first];
            let nouns: Vec<&str> = nouns.iter().map(|&n| OTHER_NOUNS_AR[n]).collect();
            let nouns = nouns.join(" و");
            let word = OTHER_KINDS_AR[*kind];
            let aliases = alias(&|f| match f {
                0 => None,
                1 => Some(format!("{word} {nouns}")),
                _ => Some(format!("{nouns} {adjective}")),
            });
            (format!("{word} {nouns} {adjective}"), aliases)
        }
        Parts::Place {
            roots,
            suffix,
            form,
        } => {
            let r = root(roots, *suffix);
            let aliases = alias(&|f| {
                Some(match f {
                    0 => r.clone(),
                    f => PLACE_ALIASES_AR[f - 1].replace("{r}", &r),
                })
            });
            (PLACE_FORMS_AR[*form].replace("{r}", &r), aliases)
        }
        Parts::Event { roots, kind } => {
            let r = root(roots, 0);
            let (word, others) = EVENT_TYPES_AR[*kind];
            let aliases = alias(&|f| Some(format!("{} {r}", others[f])));
            (format!("{word} {r}"), aliases)
        }
    }
}

/// Arabic has no article outside the name: "ال" is part of it.
pub fn reference(_: &Localized, text: &str) -> String {
    text.to_string()
}

pub const LANGUAGE: Language = Language {
    code: "ar",
    names,
    reference,
    capitalize: false,
    clauses: [
        &[
            "قال {e} إن المحادثات بشأن {topic} بلغت مرحلة صعبة",
            "أبلغ {e} الصحفيين أن {topic} سيبقى أولوية",
            "دعا {e}، الذي يتابع ملف {topic} منذ سنوات، إلى الحذر",
            "رفض {e} التعليق على {topic}",
            "وصف {e} المقترح الأخير بشأن {topic} بأنه {adj}",
            "يرى منتقدو {e} أن الخطة تترك {topic} دون حل",
            "من المتوقع أن يعرض {e} أرقامًا جديدة عن {topic} في {month}",
            "التقى الوفد الحكومي و{e} لبحث {topic}",
        ],
        &[
            "قال متحدث باسم {e} إن المراجعة ستنتهي خلال {days} يومًا",
            "وُجهت إلى {e} أسئلة حول {topic}",
            "بحسب وثائق اطلع عليها صحفيون، جاء تحذير {e} من {topic} في {month}",
            "انقسم مجلس إدارة {e} حول {topic}",
            "بحسب تقديرات {e}، تضرر نحو {pct} من الأسر",
            "كشف تدقيق في حسابات {e} عن {money} غير موثقة",
            "أكد بيان صادر عن {e} أن {topic} يحتاج إلى تمويل إضافي",
            "تعمل الحكومة و{e} على خطة مشتركة بشأن {topic}",
        ],
        &[
            "في {e}، أبلغ السكان عن نقص مرتبط بملف {topic}",
            "تدهور الوضع في {e} منذ {month}",
            "ما زالت {e} في قلب الخلاف حول {topic}",
            "قال مسؤولون محليون في {e} إن {topic} كلّف حتى الآن {money}",
            "خرج آلاف الأشخاص في مسيرة في {e} في {month} الماضي",
            "يعتمد نحو {pct} من سكان {e} على {topic}",
            "أُغلق الطريق إلى {e} لمدة {days} يومًا",
            "تقع القرى المتضررة بين العاصمة و{e}",
        ],
        &[
            "كان يُفترض أن يحسم {e} مسألة {topic}",
            "منذ {e}، يهيمن ملف {topic} على جدول الأعمال",
            "ما زال المسؤولون يحصون كلفة {e}، وتقدّر بنحو {money}",
            "ترك {e} ملف {topic} دون حل",
            "من المقرر مراجعة {e} خلال {days} يومًا",
            "تحل ذكرى {e} في {month}",
            "ربط محللون بين {topic} و{e}",
        ],
        &[
            "الهدف من {e} معالجة {topic}",
            "تشمل مظلة {e} نحو {pct} من الإنفاق على {topic}",
            "بموجب {e}، تُراجع مدفوعات {topic} كل عام",
            "يطالب المنتقدون بإعادة صياغة {e}",
            "يقول مؤيدو {e} إن الوفر بلغ {money}",
            "ناقش البرلمان {topic} و{e} في جلسة واحدة",
        ],
    ],
    fillers: &[
        "لم يتسنَّ التحقق من هذه الأرقام بشكل مستقل.",
        "يتوقع محللون أن يستمر الجدل خلال الأسابيع المقبلة.",
        "التقى المفاوضون {days} مرة منذ {month} دون التوصل إلى اتفاق نهائي.",
        "ستكلف الخطة نحو {money} على مدى خمس سنوات.",
        "ما زال الرأي العام منقسمًا، إذ تظهر الاستطلاعات تأييدًا بنحو {pct}.",
        "يتطلب عدد من الإجراءات موافقة البرلمان الوطني.",
        "انهارت محاولات سابقة لتسوية ملف {topic} بسبب مسائل التمويل.",
        "تقول منظمات الإغاثة إن التأخير يطال الأسر الأكثر ضعفًا.",
        "وعدت الحكومة بمراجعة شاملة لملف {topic}.",
        "قلة يتوقعون حلًا سريعًا بعد كل هذا الوقت من المحادثات.",
        "بلغت نسبة المشاركة في المشاورة العامة الأخيرة نحو {pct}.",
        "تقع مسودة اطلع عليها صحفيون في {days} صفحة.",
    ],
    headings: &[
        "ماذا حدث",
        "لماذا يهم الأمر",
        "من المعنيون",
        "ماذا بعد",
        "الخلفية",
        "ماذا يقول المنتقدون",
        "الأرقام",
        "كيف وصلنا إلى هنا",
        "ماذا يقول المسؤولون",
        "الأسئلة المفتوحة",
        "أين تذهب الأموال",
        "ما الذي جُرّب من قبل",
    ],
    connectors: &["، بينما ", "، في حين ", "؛ وفي الأثناء ", "، ومع ذلك "],
    quotes: &[
        "لا يمكننا أن نواصل التعامل مع {topic} على أنه مشكلة غيرنا",
        "لا ينبغي لأحد أن يتظاهر بأن {topic} سيُحل من تلقاء نفسه",
        "أرقام {topic} تتحدث عن نفسها، وهي ليست جيدة",
        "وُعدنا بخطة لملف {topic}، وما زلنا ننتظر",
    ],
    said: "> «{q}»، قال {e}.",
    key_points: "نقاط رئيسية:",
    topics: &[
        "حقوق المياه",
        "صادرات الحبوب",
        "المعبر الحدودي",
        "ممر المساعدات",
        "دعم الوقود",
        "توسعة الميناء",
        "خط السكك الحديدية",
        "رواتب المعلمين",
        "أزمة السكن",
        "تمويل المستشفيات",
        "حصة الصيد",
        "رخصة التعدين",
        "الإصلاح الانتخابي",
        "النزاع الجمركي",
        "الحماية من الفيضانات",
        "شبكة الكهرباء",
        "تسجيل اللاجئين",
        "مواجهة الجفاف",
        "أسعار الغذاء",
        "إصلاح نظام التقاعد",
    ],
    adjectives: &[
        "سابق لأوانه",
        "متأخر",
        "غير قابل للتطبيق",
        "خطوة أولى ضرورية",
        "مشجع",
        "معيب",
        "مفرط في الحذر",
        "مقامرة سياسية",
    ],
    months: &[
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    money: "{n} مليون دولار",
    percent: "{n} في المئة",
    titles: &[
        "{e} والجدل حول {topic}: ما نعرفه",
        "ما الذي يعنيه {topic} بالنسبة إلى {e}",
        "شرح: {e} و{topic}",
        "خمسة أسئلة عن {topic} و{e}",
        "كيف أصبح {topic} في صدارة اهتمام {e}",
    ],
    summaries: &[
        "{a} و{b} على خلاف بشأن {topic}. إليك ما نعرفه ومن المعنيون وما قد يحدث لاحقًا.",
        "ما قاله {a} و{b} عن {topic}، وما الذي ينتظرنا.",
        "يشمل الجدل حول {topic} كلًّا من {a} و{b}. يعرض هذا الشرح المواقف والأرقام.",
    ],
    entity_summaries: [
        "{name} شخصية بارزة في النقاش حول {topic}، ويُستشهد بآرائها كثيرًا في شؤون المالية العامة.",
        "{name} هيئة عامة تُعنى بملف {topic} وتقدّم المشورة للحكومة في شؤون {topic2}.",
        "{name} منطقة يعتمد اقتصادها إلى حد كبير على {topic}، وتشهد خلافات حول {topic2}.",
        "دار {name} حول {topic}، وما زالت عواقبه على {topic2} موضع جدل.",
        "{name} إطار حكومي وُضع لمعالجة {topic} ويُراجع كل بضع سنوات.",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn names_are_spelled_in_arabic_letters() {
        assert_eq!(transliterate("Okafor"), "أوكافور");
        assert_eq!(transliterate("Haddad"), "هاداد");
        assert_eq!(transliterate("Lindqvist"), "ليندقڤيست");
        for word in FIRST_NAMES.iter().chain(LAST_NAMES).chain(PLACE_ROOTS) {
            let arabic = transliterate(word);
            assert!(!arabic.is_empty(), "{word}");
            assert!(
                arabic
                    .chars()
                    .all(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "{word}: {arabic}"
            );
        }
    }

    /// Different words of the names stay different in Arabic, so that
    /// names unique in English stay unique.
    #[test]
    fn transliteration_keeps_name_words_apart() {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut words: Vec<String> = FIRST_NAMES.iter().map(|w| w.to_string()).collect();
        words.extend(LAST_NAMES.iter().map(|w| w.to_string()));
        for r in PLACE_ROOTS {
            words.extend(PLACE_SUFFIXES.iter().map(|s| format!("{r}{s}")));
        }
        let mut same = Vec::new();
        for word in words {
            let arabic = transliterate(&word);
            if let Some(other) = seen.insert(arabic.clone(), word.clone()) {
                if other != word {
                    same.push(format!("{other} and {word} are both {arabic}"));
                }
            }
        }
        assert!(same.is_empty(), "{}", same.join("\n"));
    }
}
