//! The words the corpus is made of.
//!
//! Name parts of different kinds (first names, last names, place roots, the
//! words of organizations, events and other entities) never share a word, so
//! an alias drawn from one kind never collides with a name of another, and
//! none of them is a capitalized word of the running text (a test checks
//! both).

pub const FIRST_NAMES: &[&str] = &[
    "Maria", "Daniel", "Amira", "Kofi", "Elena", "Tomasz", "Priya", "Jonas", "Leila", "Mateo",
    "Ingrid", "Samuel", "Hana", "Oliver", "Fatima", "Lucas", "Nadia", "Ivan", "Grace", "Rafael",
    "Aisha", "Henrik", "Sofia", "Tariq", "Claire", "Dmitri", "Zainab", "Marco", "Ruth", "Kwame",
    "Lena", "Arjun", "Beatriz", "Felix", "Noura", "Pavel", "Esther", "Diego", "Mei", "Omar",
    "Astrid", "Joseph", "Lina", "Viktor", "Rosa", "Emeka", "Helena", "Karim", "Julia", "Andre",
    "Yara", "Stefan", "Alice", "Hamid", "Irene", "Bruno", "Sara", "Nikolai", "Ana", "Thabo", "Eva",
    "Rashid", "Clara", "Luis", "Miriam", "Anton", "Dalia", "Oscar", "Teresa", "Malik", "Agnes",
    "Kenji", "Lucia", "Farid", "Monica", "Elias", "Paula", "Sipho", "Rania", "Tobias", "Ngozi",
    "Gabriel", "Selin", "Hugo", "Ayesha", "Mikael", "Imani", "Jakub", "Wanjiru", "Bogdan",
    "Chiara", "Ravi", "Signe", "Youssef", "Adaeze", "Matteo", "Keiko", "Lars", "Ifeoma", "Tomas",
];

pub const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Mensah",
    "Petrov",
    "Navarro",
    "Kowalski",
    "Sato",
    "Brennan",
    "Achebe",
    "Rahimi",
    "Castillo",
    "Novak",
    "Osei",
    "Bergstrom",
    "Ferreira",
    "Kaplan",
    "Moreau",
    "Nakamura",
    "Adeyemi",
    "Varga",
    "Quinn",
    "Salazar",
    "Eriksen",
    "Boateng",
    "Demir",
    "Holloway",
    "Iyer",
    "Jovanovic",
    "Karimi",
    "Laurent",
    "Mbeki",
    "Nilsen",
    "Ortega",
    "Pereira",
    "Rossi",
    "Santos",
    "Tanaka",
    "Ueda",
    "Vasquez",
    "Wojcik",
    "Yilmaz",
    "Zhou",
    "Abara",
    "Bianchi",
    "Cardenas",
    "Dubois",
    "Esposito",
    "Fitzgerald",
    "Gallagher",
    "Hoffmann",
    "Ibrahim",
    "Jensen",
    "Kruger",
    "Lopez",
    "Mahmoud",
    "Nwosu",
    "Olsen",
    "Pham",
    "Reyes",
    "Schmidt",
    "Torres",
    "Umar",
    "Volkov",
    "Whitaker",
    "Yamada",
    "Zamora",
    "Anand",
    "Bauer",
    "Costa",
    "Dlamini",
    "Eze",
    "Fischer",
    "Garcia",
    "Hussein",
    "Ivanova",
    "Jaramillo",
    "Kimura",
    "Moretti",
    "Ndlovu",
    "Oyelaran",
    "Rahman",
    "Silva",
    "Tembo",
    "Ulrich",
    "Vogel",
    "Weber",
    "Acheampong",
    "Baptiste",
    "Chaudhry",
    "Delacroix",
    "Egwu",
    "Falk",
    "Gutierrez",
    "Halvorsen",
    "Ishikawa",
    "Jablonski",
    "Kamau",
    "Lachance",
    "Mwangi",
    "Nascimento",
    "Obi",
    "Pacheco",
    "Quispe",
    "Rasmussen",
    "Szabo",
    "Takahashi",
    "Uchenna",
    "Valdez",
    "Wiredu",
    "Yeboah",
    "Zielinski",
    "Amadi",
    "Brandt",
    "Cisse",
    "Duarte",
    "Engstrom",
    "Kovacs",
    "Lungu",
    "Marangoni",
    "Otieno",
    "Petrescu",
    "Sandoval",
    "Thorsen",
    "Voronin",
    "Wekesa",
    "Ziegler",
];

/// A person's line of work: how the text describes them, the title word of
/// an alias (`Minister Okafor`), and the title of their role.
#[rustfmt::skip]
pub const PERSON_ROLES: &[(&str, &str, &str)] = &[
    ("the deputy minister for water", "Minister", "Deputy Minister for Water"),
    ("a senior negotiator", "Ambassador", "Chief Negotiator"),
    ("an economist", "Director", "Director of Economic Research"),
    ("a regional governor", "Governor", "Regional Governor"),
    ("the chief spokesperson", "Director", "Chief Spokesperson"),
    ("a human rights lawyer", "Judge", "Judge of the High Court"),
    ("an opposition lawmaker", "Senator", "Senator"),
    ("an investigative journalist", "Editor", "Investigations Editor"),
    ("a union leader", "Secretary", "General Secretary of the Union"),
    ("a public health researcher", "Professor", "Professor of Public Health"),
    ("the city's mayor", "Mayor", "Mayor"),
    ("a trade commissioner", "Commissioner", "Trade Commissioner"),
    ("the finance minister", "Minister", "Minister of Finance"),
    ("the central bank governor", "Governor", "Governor of the Central Bank"),
];

/// Earlier posts a person with roles may have held.
pub const EARLIER_ROLES: &[&str] = &[
    "Senior Adviser to the Cabinet",
    "Deputy Director of Planning",
    "Regional Programme Officer",
    "Member of the National Assembly",
    "Policy Analyst",
];

pub const ORG_REGIONS: &[&str] = &[
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Coastal",
    "Highland",
    "National",
    "United",
    "Federal",
    "Continental",
    "Atlantic",
    "Pacific",
    "Riverside",
    "Lakeland",
    "Metropolitan",
    "Regional",
    "Interior",
    "Frontier",
    "Allied",
    "Provincial",
];

pub const ORG_DOMAINS: &[&str] = &[
    "Relief",
    "Water",
    "Energy",
    "Grain",
    "Health",
    "Transport",
    "Labour",
    "Fisheries",
    "Housing",
    "Mining",
    "Trade",
    "Refugee",
    "Education",
    "Forestry",
    "Broadcasting",
    "Rail",
    "Port",
    "Medical",
    "Veterans",
    "Farmers",
    "Teachers",
    "Textile",
    "Aviation",
    "Land",
    "Climate",
    "Justice",
    "Election",
    "Border",
    "Customs",
    "Tourism",
];

pub const ORG_TYPES: &[&str] = &[
    "Agency",
    "Authority",
    "Council",
    "Union",
    "Federation",
    "Commission",
    "Institute",
    "Alliance",
    "Trust",
    "Bank",
    "Board",
    "Association",
    "Foundation",
    "Coalition",
    "Network",
    "League",
    "Corporation",
    "Cooperative",
    "Directorate",
    "Observatory",
];

/// Acronyms that read as ordinary words or name something else; no entity
/// gets one of these.
pub const COMMON_ACRONYMS: &[&str] = &[
    "CEO", "CIA", "FBI", "USA", "UFO", "DNA", "HIV", "ATM", "NBA", "PDF", "FAQ", "ETA", "CFO",
    "CTO", "NGO", "MRI", "FDA", "EPA", "IMF", "WHO", "CNN", "BBC", "AFP", "GDP", "VAT", "RAF",
];

pub const PLACE_ROOTS: &[&str] = &[
    "Aldren",
    "Kessel",
    "Dunmore",
    "Orwen",
    "Maren",
    "Tavish",
    "Brevik",
    "Caldera",
    "Solvang",
    "Ashgrove",
    "Merrow",
    "Velden",
    "Corran",
    "Hollis",
    "Tarsk",
    "Eddara",
    "Fennick",
    "Gorran",
    "Islay",
    "Jorvik",
    "Kaldera",
    "Lorne",
    "Marsh",
    "Nerrin",
    "Ostrava",
    "Pellam",
    "Quarry",
    "Rowan",
    "Sallow",
    "Tembra",
    "Ulmen",
    "Varro",
    "Wexley",
    "Yarrow",
    "Zennor",
    "Abbotsmere",
    "Bracken",
    "Cinder",
    "Dallow",
    "Everly",
    "Farran",
    "Glenmoor",
    "Harlow",
    "Innis",
    "Jessop",
    "Kilbride",
    "Larkin",
    "Mortlake",
    "Norwell",
    "Oakridge",
    "Penrose",
    "Redwater",
    "Selby",
    "Thornbury",
    "Umber",
    "Vance",
    "Westmere",
    "Ardmore",
    "Blackwater",
    "Carrow",
    "Dunlin",
    "Elmsford",
    "Fallowmere",
    "Greyhaven",
];

/// `{r}` is a root with its suffix.
pub const PLACE_FORMS: &[&str] = &[
    "{r}",
    "Port {r}",
    "{r} Valley",
    "{r} Province",
    "Lake {r}",
    "New {r}",
    "{r} Bay",
    "North {r}",
    "{r} Heights",
    "{r} Delta",
    "Saint {r}",
    "{r} Plains",
];
pub const PLACE_SUFFIXES: &[&str] = &["", "ford", "ton", "holm", "field", "wick", "mouth", "stead"];
/// A place's aliases after its root alone; `{r}` is the root with its suffix.
pub const PLACE_ALIASES: &[&str] = &["Greater {r}", "{r} District", "{r} Region", "{r} Area"];

/// An event is named after a place root: `{r} Accord`, with aliases of the
/// same pattern. The words here are of their own.
pub const EVENT_TYPES: &[(&str, &[&str])] = &[
    ("Accord", &["Agreement", "Deal"]),
    ("Summit", &["Conference", "Meeting"]),
    ("Floods", &["Flooding", "Deluge"]),
    ("Strike", &["Walkout", "Stoppage"]),
    ("Blackout", &["Outage", "Power Cut"]),
    ("Inquiry", &["Hearings", "Investigation"]),
    ("Referendum", &["Vote", "Ballot"]),
    ("Protests", &["Demonstrations", "Marches"]),
    ("Ceasefire", &["Truce", "Armistice"]),
    ("Crisis", &["Emergency", "Standoff"]),
    ("Declaration", &["Communique", "Pledge"]),
    ("Spill", &["Leak", "Oil Spill"]),
];

/// Other entities: programmes, laws and indexes, `Clean Rivers Act`.
pub const OTHER_FIRST: &[&str] = &[
    "Clean", "Open", "Fair", "Safe", "Green", "Rural", "Digital", "Living", "Second", "Future",
    "Basic", "Smart", "Free", "Shared", "Stable",
];
pub const OTHER_NOUNS: &[&str] = &[
    "Rivers", "Harbours", "Fields", "Skies", "Roads", "Schools", "Markets", "Wages", "Homes",
    "Forests", "Coasts", "Streets", "Grids", "Seeds",
];
pub const OTHER_KINDS: &[&str] = &[
    "Act",
    "Programme",
    "Index",
    "Fund",
    "Charter",
    "Protocol",
    "Scheme",
    "Compact",
];

/// Terms an article defines for itself: the word, its other spellings, and
/// the definition. All in lower case, and never at the start of a sentence.
pub const TERMS: &[(&str, &[&str], &str)] = &[
    (
        "buffer zone",
        &["buffer zones"],
        "A strip of land both sides agree to keep clear of troops and new building.",
    ),
    (
        "transit levy",
        &["transit levies"],
        "A charge on goods that cross a territory on their way somewhere else.",
    ),
    (
        "cost-sharing formula",
        &["cost-sharing formulas"],
        "The rule that says which government pays what share of a joint project.",
    ),
    (
        "import quota",
        &["import quotas"],
        "A cap on how much of a good may be brought in over a year.",
    ),
    (
        "sunset clause",
        &["sunset clauses"],
        "A provision that ends a law on a set date unless it is renewed.",
    ),
    (
        "escrow account",
        &["escrow accounts"],
        "An account held by a third party, paid out only when agreed conditions are met.",
    ),
    (
        "memorandum of understanding",
        &["memoranda of understanding"],
        "A written statement of intent that is usually not legally binding.",
    ),
    (
        "price cap",
        &["price caps"],
        "A legal maximum on what may be charged for a good or a service.",
    ),
    (
        "grace period",
        &["grace periods"],
        "Time allowed before a new rule is enforced or a payment falls due.",
    ),
    (
        "clawback clause",
        &["clawback clauses"],
        "A provision that lets a funder take money back if conditions are broken.",
    ),
    (
        "pilot scheme",
        &["pilot schemes"],
        "A trial of a policy in a few places before it is used everywhere.",
    ),
    (
        "emergency decree",
        &["emergency decrees"],
        "An order with the force of law, issued without a vote of parliament.",
    ),
    (
        "standstill agreement",
        &["standstill agreements"],
        "A promise by both sides to take no new steps while talks go on.",
    ),
    (
        "benchmark rate",
        &["benchmark rates"],
        "The interest rate other loans are priced against.",
    ),
    (
        "catchment area",
        &["catchment areas"],
        "The land from which rain drains into one river or reservoir.",
    ),
    (
        "right of way",
        &["rights of way"],
        "A legal right to pass over land that belongs to someone else.",
    ),
    (
        "grid tariff",
        &["grid tariffs"],
        "The fee a power producer pays to use the national grid.",
    ),
    (
        "trade corridor",
        &["trade corridors"],
        "A route along which goods move under shared customs rules.",
    ),
    (
        "water table",
        &["water tables"],
        "The depth below which the ground is saturated with water.",
    ),
    (
        "means test",
        &["means tests", "means-tested"],
        "A check of income or savings that decides who may receive a benefit.",
    ),
    (
        "bond auction",
        &["bond auctions"],
        "A sale of government debt to the highest bidders.",
    ),
    (
        "quorum",
        &[],
        "The smallest number of members who must be present for a vote to count.",
    ),
    (
        "arbitration panel",
        &["arbitration panels"],
        "A small body of independent experts whose ruling both sides accept in advance.",
    ),
    (
        "tariff band",
        &["tariff bands"],
        "A range of goods that all pay the same import duty.",
    ),
];

pub const TOPICS: &[&str] = &[
    "water rights",
    "grain exports",
    "the border crossing",
    "the aid corridor",
    "fuel subsidies",
    "the port expansion",
    "the rail link",
    "teacher pay",
    "the housing shortage",
    "hospital funding",
    "the fishing quota",
    "the mining licence",
    "election reform",
    "the customs dispute",
    "flood defences",
    "the power grid",
    "refugee registration",
    "the drought response",
    "food prices",
    "the pension overhaul",
    "land titles",
    "the ceasefire monitoring",
    "vaccine supply",
    "the bridge contract",
    "tariff relief",
    "the forestry ban",
    "river dredging",
    "the currency peg",
    "broadband rollout",
    "the dam project",
    "bus fares",
    "the wage freeze",
];

pub const ADJECTIVES: &[&str] = &[
    "premature",
    "overdue",
    "unworkable",
    "a necessary first step",
    "encouraging",
    "deeply flawed",
    "long overdue",
    "too cautious",
    "a breakthrough",
    "a political gamble",
];

pub const TIMES: &[&str] = &[
    "by the end of the month",
    "next week",
    "within 90 days",
    "before the summer recess",
    "early next year",
    "by the spring",
    "before the next budget",
    "within weeks",
];

pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub const HEADINGS: &[&str] = &[
    "What happened",
    "Why it matters",
    "Who is involved",
    "What comes next",
    "The background",
    "What critics say",
    "The numbers",
    "How we got here",
    "What officials say",
    "The open questions",
    "Where the money goes",
    "What has been tried before",
    "The view from the ground",
    "What to watch",
];

pub const TAG_WORDS: &[&str] = &[
    "diplomacy",
    "elections",
    "climate",
    "energy",
    "water",
    "agriculture",
    "health",
    "trade",
    "labour",
    "housing",
    "transport",
    "migration",
    "security",
    "justice",
    "education",
    "finance",
    "budget",
    "infrastructure",
    "fisheries",
    "mining",
    "media",
    "technology",
    "human-rights",
    "aid",
    "conflict",
    "corruption",
    "courts",
    "environment",
    "tourism",
    "pensions",
    "currency",
    "drought",
    "floods",
    "ports",
    "railways",
    "borders",
    "customs",
    "telecoms",
    "forestry",
    "local-government",
];

pub const AUTHORS: &[&str] = &[
    "The Explainer Desk",
    "Regional Desk",
    "Data Desk",
    "Policy Desk",
    "Economics Desk",
    "Climate Desk",
];

/// One clause per entity slot; `{e}` is the mention, article included ("the
/// Northern Relief Agency"). Lower case at the start: the sentence is
/// capitalized afterwards.
pub const PERSON_CLAUSES: &[&str] = &[
    "{e} said the talks on {topic} had reached a difficult stage",
    "{e} told reporters that {topic} would remain a priority",
    "{e}, who has followed {topic} for years, urged caution",
    "{e} declined to comment on {topic}",
    "in an interview, {e} described the proposal as {adj}",
    "{e} has argued that {topic} cannot wait {time}",
    "critics of {e} say the plan leaves {topic} unresolved",
    "{e} is expected to present new figures on {topic} {time}",
    "allies of {e} insist the deal on {topic} is still alive",
    "{e} called the latest offer on {topic} {adj}",
    "a letter signed by {e} asks for a vote on {topic} {time}",
];
pub const ORG_CLAUSES: &[&str] = &[
    "{e} announced {money} in new funding for {topic}",
    "a spokesperson for {e} said the review would finish {time}",
    "{e} has faced questions over its handling of {topic}",
    "documents seen by reporters show {e} warned about {topic} in {month}",
    "{e} said it would publish its findings on {topic} {time}",
    "the board of {e} was divided over {topic}",
    "{e} estimates that {pct} of households are affected by {topic}",
    "{e} described the government's plan for {topic} as {adj}",
    "an audit of {e} found {money} unaccounted for",
];
pub const PLACE_CLAUSES: &[&str] = &[
    "in {e}, residents reported shortages linked to {topic}",
    "the situation in {e} has worsened since {month}",
    "{e} remains central to the dispute over {topic}",
    "local officials in {e} said {topic} had cost {money} so far",
    "several thousand people marched in {e} last {month}",
    "about {pct} of the population of {e} depends on {topic}",
    "the road to {e} was closed for {days} days",
    "delegations met in {e} to discuss {topic}",
];
pub const EVENT_CLAUSES: &[&str] = &[
    "{e} was meant to settle the question of {topic}",
    "since {e}, {topic} has dominated the agenda",
    "officials are still counting the cost of {e}, put at {money}",
    "{e} left {topic} unresolved",
    "few expected {e} to reshape the debate over {topic}",
    "a review of {e} is due {time}",
    "the anniversary of {e} falls in {month}",
];
pub const OTHER_CLAUSES: &[&str] = &[
    "{e} was designed to deal with {topic}",
    "{e} covers about {pct} of spending on {topic}",
    "under {e}, payments for {topic} are reviewed every year",
    "critics want {e} rewritten {time}",
    "{e} has been called {adj}",
    "supporters of {e} say it has already saved {money}",
];
/// `{e}` is the term; it never opens the sentence.
pub const TERM_CLAUSES: &[&str] = &[
    "officials say the {e} will be reviewed {time}",
    "much of the argument over {topic} turns on the {e}",
    "critics argue that the {e} favours the largest operators",
    "under the proposal, the {e} would be revised every year",
    "neither side has said whether the {e} will survive {time}",
    "negotiators spent {days} days on the wording of the {e}",
];

pub const CONNECTORS: &[&str] = &[
    ", while ",
    ", and ",
    "; meanwhile, ",
    ", even as ",
    ", although ",
];

pub const FILLER_SENTENCES: &[&str] = &[
    "The figures have not been independently verified.",
    "Analysts expect the debate to continue {time}.",
    "Negotiators have met {days} times since {month} without a final agreement.",
    "The proposal would cost an estimated {money} over five years.",
    "Public opinion remains divided, with surveys showing support at about {pct}.",
    "Several of the measures require approval from the national parliament.",
    "Previous attempts to settle {topic} collapsed over questions of funding.",
    "Aid groups say the delays are already affecting the most vulnerable families.",
    "The government has promised a full review of {topic} {time}.",
    "Few expect a quick resolution, given how long the talks have already run.",
    "Turnout at the last public consultation was about {pct}.",
    "A draft seen by reporters runs to {days} pages.",
];

pub const QUOTES: &[&str] = &[
    "We cannot keep treating {topic} as someone else's problem, and the next decision will be judged {time}",
    "Nobody should pretend that {topic} will sort itself out",
    "The numbers on {topic} speak for themselves, and they are not good",
    "We were promised a plan for {topic} {time}, and we are still waiting",
];

/// Items of a numbered "what to watch" list.
pub const WATCH_ITEMS: &[&str] = &[
    "Whether the review of {topic} is published {time}.",
    "How parliament votes on the funding, put at {money}.",
    "Whether the talks resume after {days} days of silence.",
    "What the next survey shows: support stood at {pct} in {month}.",
    "Whether the courts are asked to rule on {topic}.",
];

/// Positions in the "who stands where" table.
pub const POSITIONS: &[&str] = &[
    "calls the plan {adj}",
    "wants a decision {time}",
    "has not taken a side",
    "asks for {money} more",
    "opposes any change to {topic}",
    "backs the proposal",
];

pub const TABLE_MEASURES: &[&str] = &[
    "Spending on {topic}",
    "Households affected",
    "Jobs at risk",
    "Claims filed",
    "Projects approved",
    "Imports",
    "Complaints received",
];

/// `{person}`, `{org}`, `{place}` and `{event}` are names of entities the
/// article mentions.
pub const TITLE_TEMPLATES: &[&str] = &[
    "Why the {org} is at the centre of the debate over {topic}",
    "{person} and the fight over {topic}, explained",
    "What the {place} talks mean for {topic}",
    "Explainer: {topic} after the {place} agreement",
    "How {person} became the face of {topic}",
    "The {org}, {topic} and what comes next",
    "Five questions about {topic} in {place}",
    "Inside the {org}'s plan for {topic}",
    "What the {event} changed for {topic}",
    "After the {event}: {topic}, explained",
];

/// The title of an article with no entity of the kinds the other templates need.
pub const PLAIN_TITLE: &str = "What we know about {topic}";

/// `{a}` and `{b}` are mentions of two entities, article included.
pub const SUMMARY_TEMPLATES: &[&str] = &[
    "{a} and {b} are at odds over {topic}. Here is what we know, who is involved and what could happen next.",
    "What {a} and {b} have said about {topic}, and what comes next.",
    "The argument over {topic} involves {a} and {b}. This explainer sets out the positions and the numbers.",
];

pub const NOTES: &[&str] = &[
    "Leads the government's work on {topic}.",
    "Quoted here on {topic}; see the section on the numbers.",
    "Has commented on {topic} since {month}.",
    "A central voice in this story.",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn name_words() -> BTreeMap<&'static str, &'static str> {
        let mut words = BTreeMap::new();
        let mut add = |kind: &'static str, list: &[&'static str]| {
            for w in list {
                if let Some(other) = words.insert(*w, kind) {
                    assert_eq!(other, kind, "{w} is both {other} and {kind}");
                }
            }
        };
        add("first name", FIRST_NAMES);
        add("last name", LAST_NAMES);
        add("place", PLACE_ROOTS);
        add("organization", ORG_REGIONS);
        add("organization", ORG_DOMAINS);
        add("organization", ORG_TYPES);
        add("other", OTHER_FIRST);
        add("other", OTHER_NOUNS);
        add("other", OTHER_KINDS);
        let titles: Vec<&str> = PERSON_ROLES.iter().map(|r| r.1).collect();
        add("title", &titles);
        for (ty, aliases) in EVENT_TYPES {
            add("event", &[ty]);
            for a in *aliases {
                for w in a.split(' ') {
                    add("event", &[w]);
                }
            }
        }
        words
    }

    #[test]
    fn name_words_of_each_kind_are_disjoint() {
        name_words();
    }

    #[test]
    fn running_text_has_no_name_words() {
        let names = name_words();
        // Templates may open a sentence (or a cell), so their first word is
        // checked capitalized; fragments only ever go inside a sentence.
        let openers = [
            PERSON_CLAUSES,
            ORG_CLAUSES,
            PLACE_CLAUSES,
            EVENT_CLAUSES,
            OTHER_CLAUSES,
            TERM_CLAUSES,
            FILLER_SENTENCES,
            QUOTES,
            WATCH_ITEMS,
            POSITIONS,
            TABLE_MEASURES,
        ];
        let fragments = [TOPICS, ADJECTIVES, TIMES, CONNECTORS, MONTHS];
        let capitalized = openers
            .iter()
            .flat_map(|t| t.iter())
            .map(|t| crate::text::capitalize(t));
        let as_they_are = fragments
            .iter()
            .flat_map(|t| t.iter())
            .map(|t| t.to_string());
        for text in capitalized.chain(as_they_are) {
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                assert!(!names.contains_key(word), "{word:?} in {text:?}");
            }
        }
        for (term, aliases, _) in TERMS {
            assert_eq!(term.to_lowercase(), *term);
            for a in *aliases {
                assert_eq!(a.to_lowercase(), *a);
            }
        }
    }
}
