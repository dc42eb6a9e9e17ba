//! Offline search: an inverted index of every explainer and entity, written
//! as small JSON files under `/search/` and read by `gloss-search.js`, so
//! searching needs no search service and no network.
//!
//! The index is gloss's own rather than a general-purpose one: the renderer
//! has every body as HTML already (in memory, or spilled to disk by a
//! build, see [`crate::spill`]), so indexing is one pass over that text per
//! document and a sort, a small fraction of the build even at 100,000
//! articles. Each file goes to the output as soon as it is made. The browser fetches only what a query needs:
//!
//! - `search/index.json`: the format version, the number of documents, the
//!   size of a document chunk and the list of term shards; in a site of
//!   several editions, also where the other editions' indexes are;
//! - `search/t/KEY.json`: one shard, every term that starts with the prefix
//!   KEY (hex of its UTF-8 bytes) in order, each with its postings
//!   `[doc delta, weight, doc delta, weight, ...]`. A prefix holding too many
//!   postings is split into longer prefixes, so no shard grows with the site
//!   beyond [`SHARD_POSTINGS`] unless one term alone is that common;
//! - `search/d/N.json`: documents `N * chunk ..`, each with its URL, title,
//!   kind, summary, date and aliases, fetched only for the results shown.
//!
//! Terms are words folded to lower case without accents or Arabic's
//! optional marks (see [`fold`]), and in Chinese and Japanese pairs of
//! characters (see [`mixed_run`]); `gloss-search.js` splits and folds a
//! query the same way and matches every term of it as a prefix. The
//! passage shown under an explainer comes from the page itself, which the
//! script fetches for the results it shows.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::texts::EntityText;
use super::SiteText;
use crate::lang::script::{is_cjk, is_optional_arabic_mark};
use crate::model::{Article, Entity, Site};
use crate::spill::Stored;
use crate::text::fx_hash;
use crate::urls::SEARCH_FOLDER as FOLDER;

/// The version of the file format, checked by the script.
const VERSION: u32 = 1;
/// Documents per `d/N.json` file.
const CHUNK: usize = 100;
/// A shard holding more postings than this is split by a longer prefix.
const SHARD_POSTINGS: usize = 30_000;
/// Prefixes of at most this many characters name shards.
const MAX_KEY_CHARS: usize = 4;
/// How much a word counts in the title or a name, in the summary and in the text.
const WEIGHT_TITLE: u32 = 10;
const WEIGHT_SUMMARY: u32 = 3;
const WEIGHT_TEXT: u32 = 1;

/// One searchable thing: an explainer or an entity.
pub struct Record {
    /// The site path without the base path: the script adds the path the
    /// index was loaded from, so a site under `/news/` works as is.
    pub url: String,
    pub title: String,
    /// `article`, or the entity's kind (`person`, `place`, ...).
    pub kind: &'static str,
    pub summary: String,
    pub date: Option<String>,
    pub aliases: Vec<String>,
    /// The text, as HTML (tags are skipped while indexing).
    pub html: Stored,
    /// What tells this document's words from another version's (see
    /// [`IndexMemory`]): for an explainer, where its HTML is in memory
    /// and its title and summary; for an entity, all it shows.
    key: u64,
}

/// What the search finds: every article (title, summary, text) and every
/// entity (name, aliases, summary, body).
fn records(source: &Source) -> Vec<Record> {
    let articles = source
        .articles
        .iter()
        .zip(&source.html)
        .map(|(article, html)| {
            let (title, summary) = (&article.meta.title, &article.meta.summary);
            let at = match html {
                Stored::Here(text) => Arc::as_ptr(text) as *const u8 as u64,
                Stored::Spilled(_, range) => range.start,
            };
            Record {
                url: article.path.clone(),
                title: title.clone(),
                kind: "article",
                summary: summary.clone().unwrap_or_default(),
                date: article.meta.date.map(|date| date.display(&source.language)),
                aliases: Vec::new(),
                html: html.clone(),
                key: fx_hash(&(at, title, summary)),
            }
        });
    let entities = source.entities.iter().zip(source.texts.iter());
    let entities = entities.map(|(entity, text)| Record {
        url: entity.path(),
        title: entity.name.clone(),
        kind: entity.kind.as_str(),
        summary: text.summary_text.clone(),
        date: None,
        aliases: entity.aliases.clone(),
        html: Stored::Here(Arc::from(text.body_html.as_str())),
        key: fx_hash(&(
            &entity.name,
            &entity.aliases,
            &text.summary_text,
            &text.body_html,
        )),
    });
    articles.chain(entities).collect()
}

/// An index waiting to be built: what the site held when it was asked for.
/// It owns its text, so the preview server can build it on another thread
/// while pages go on being served and rebuilt.
pub struct SearchJob {
    source: Source,
    /// The folder of the edition in the output: `` or `ar/`.
    folder: String,
    /// The indexes of the other editions, each built in its own folder.
    others: Vec<SearchJob>,
    /// The site's other editions, named in the manifest.
    editions: Vec<Edition>,
    /// The words of the documents of the last index, under `serve`.
    memory: Option<Arc<Mutex<IndexMemory>>>,
}

/// What the records of an index are made from, shared with the site rather
/// than copied: making the records copies every title and formats every
/// date, which at 100,000 articles took longer than the rest of a save, so
/// it is done where the index is built, on the indexer's thread.
struct Source {
    language: String,
    articles: Vec<Arc<Article>>,
    html: Vec<Stored>,
    entities: Arc<Vec<Entity>>,
    texts: Arc<Vec<EntityText>>,
}

impl SearchJob {
    pub fn new(site: &Site, text: &SiteText) -> Self {
        let prefix = site.config.prefix_of(site.config.edition);
        let folder = prefix.strip_prefix('/').map(|p| format!("{p}/"));
        SearchJob {
            source: Source {
                language: site.config.language.clone(),
                articles: site.articles.clone(),
                html: text.html.clone(),
                entities: Arc::clone(&site.entities),
                texts: Arc::clone(&text.entities),
            },
            folder: folder.unwrap_or_default(),
            others: Vec::new(),
            editions: other_editions(&site.config),
            memory: None,
        }
    }

    /// The index, reading again only the documents that changed since the
    /// last index made with `memory`, which then holds this one's words.
    pub fn remembering(mut self, memory: &Arc<Mutex<IndexMemory>>) -> Self {
        self.memory = Some(Arc::clone(memory));
        self
    }

    /// How many documents (articles and entities) the index holds.
    pub fn documents(&self) -> usize {
        self.source.articles.len() + self.source.entities.len()
    }

    /// The index with its files named as in the edition's own folder, for
    /// an output that puts them there itself.
    pub fn in_own_folder(mut self) -> Self {
        self.folder.clear();
        self
    }

    /// The folders of the editions this job indexes: `` for the default
    /// edition, `ar/` for another.
    pub fn folders(&self) -> Vec<String> {
        let others = self.others.iter().flat_map(SearchJob::folders);
        std::iter::once(self.folder.clone()).chain(others).collect()
    }

    /// This index and another edition's, built one after the other.
    pub fn and(mut self, other: SearchJob) -> Self {
        self.others.push(other);
        self
    }

    /// Builds the index and hands each file to `emit` (its path in the
    /// output and its bytes) as soon as it is made, so the files of a large
    /// index are never all in memory; returns how many there were.
    pub fn run(self, emit: &mut Emit) -> Result<usize, String> {
        let mut count = 0;
        let folder = &self.folder;
        let mut in_folder = |file: String, bytes| {
            count += 1;
            emit(format!("{folder}{file}"), bytes);
        };
        let records = records(&self.source);
        match &self.memory {
            Some(memory) => {
                let mut memory = memory.lock().unwrap_or_else(|e| e.into_inner());
                build_index(&records, &self.editions, &mut memory, true, &mut in_folder)?;
            }
            None => {
                let mut memory = IndexMemory::default();
                build_index(&records, &self.editions, &mut memory, false, &mut in_folder)?;
            }
        }
        for other in self.others {
            count += other.run(emit)?;
        }
        Ok(count)
    }
}

/// Whether `c`, not ASCII, is part of a word: a letter or digit, or one of
/// Arabic's optional marks. The letters of Latin-1 and Latin Extended-A and
/// -B and Arabic's basic letters are recognised by their block first: the
/// general Unicode lookup is slow, and the index asks it of every character
/// of every page.
fn is_word_char(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{620}'..='\u{64A}') && c != '×' && c != '÷'
        || is_optional_arabic_mark(c)
        || c.is_alphanumeric()
}

/// Takes each file of an index: its path in the output and its bytes.
pub type Emit<'a> = dyn FnMut(String, Vec<u8>) + 'a;

/// Calls `each` with every word of `text` of two characters or more, folded
/// (see [`fold`]); `html` skips tags and character references. Works on
/// bytes, the way a build's text mostly is, and on characters only where
/// it is not ASCII.
fn words(text: &str, html: bool, buf: &mut String, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let char_at = |i: usize| text[i..].chars().next().unwrap_or(' ');
    let char_len = |i: usize| {
        if bytes[i] < 0x80 {
            1
        } else {
            char_at(i).len_utf8()
        }
    };
    // Arabic's optional marks are part of the word they mark, as letters
    // are (Unicode counts all but U+0658 among letters; fold drops them).
    let is_word_at = |i: usize| {
        let b = bytes[i];
        b.is_ascii_alphanumeric()
            || (b >= 0x80 && {
                let c = char_at(i);
                is_word_char(c)
            })
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if html && b == b'<' {
            i = text[i..].find('>').map_or(bytes.len(), |end| i + end + 1);
        } else if html && b == b'&' {
            // `&amp;` and `&#39;` are punctuation, not words.
            let name = bytes[i + 1..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric() && *c != b'#');
            i = match name {
                Some(len) if bytes[i + 1 + len] == b';' => i + len + 2,
                _ => i + 1,
            };
        } else if is_word_at(i) {
            let start = i;
            while i < bytes.len() && is_word_at(i) {
                i += char_len(i);
            }
            let run = &text[start..i];
            if !run.is_ascii() && run.chars().any(is_cjk) {
                mixed_run(run, buf, &mut each);
                continue;
            }
            if i - start == char_len(start) {
                // Initialisms such as `U.N.` and `U.S.` are the words `un`
                // and `us`: single letters joined by dots.
                let mut letters = text[start..i].to_string();
                while i + 1 < bytes.len()
                    && bytes[i] == b'.'
                    && is_word_at(i + 1)
                    && !is_cjk(char_at(i + 1))
                {
                    let next = i + 1 + char_len(i + 1);
                    if next < bytes.len() && is_word_at(next) {
                        break;
                    }
                    letters.push_str(&text[i + 1..next]);
                    i = next;
                }
                fold(&letters, buf);
            } else {
                fold(&text[start..i], buf);
            }
            if buf.chars().nth(1).is_some() {
                each(buf);
            }
        } else {
            i += char_len(i);
        }
    }
}

/// The terms of a run of letters and digits that holds Chinese or Japanese:
/// its parts in other scripts are words as anywhere else, and each part in
/// CJK (written without spaces, so with no words to find without a
/// dictionary) gives its overlapping pairs of characters, plus its last
/// character alone: `布林肯` is `布林`, `林肯` and `肯`. A query made of the
/// same terms finds any run of characters, one or more, by the prefix
/// match every word gets, and a lone character is a term of its own.
fn mixed_run(run: &str, buf: &mut String, each: &mut impl FnMut(&str)) {
    let mut rest = run;
    while let Some(first) = rest.chars().next() {
        let cjk = is_cjk(first);
        let end = rest.find(|c: char| is_cjk(c) != cjk).unwrap_or(rest.len());
        fold(&rest[..end], buf);
        if cjk {
            cjk_terms(buf, each);
        } else if buf.chars().nth(1).is_some() {
            each(buf);
        }
        rest = &rest[end..];
    }
}

/// Each pair of neighbouring characters of `folded`, then its last one.
fn cjk_terms(folded: &str, each: &mut impl FnMut(&str)) {
    let mut starts = folded.char_indices().map(|(at, _)| at).peekable();
    while let Some(at) = starts.next() {
        match starts.peek() {
            Some(&next) => {
                let end = folded[next..]
                    .chars()
                    .next()
                    .map_or(folded.len(), |c| next + c.len_utf8());
                each(&folded[at..end]);
            }
            None => each(&folded[at..]),
        }
    }
}

/// A word as the index keeps it: lower case, accents removed (`Zürich` and
/// `zurich` are one term). The script does the same with `normalize('NFKD')`.
fn fold(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // Arabic: the marks go with the other combining marks; tatweel
        // and the forms of alef, ya and ha fold as `gloss-search.js` does.
        for c in word
            .nfkd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .filter(|c| !is_optional_arabic_mark(*c))
        {
            out.extend(crate::lang::script::fold_for_search(c).to_lowercase());
        }
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    count: usize,
    chunk: usize,
    shards: &'a [String],
    /// The site's other editions, whose explainers the script lists after
    /// this edition's; absent for a site in one language.
    #[serde(skip_serializing_if = "<[Edition]>::is_empty")]
    editions: &'a [Edition],
}

/// Another edition's index, as the script needs it to search there too.
#[derive(Serialize, Clone)]
pub struct Edition {
    lang: String,
    /// The language's name, to mark its results: the site's
    /// `language_name` for it (i18n/LANG.yaml), else its own name.
    name: String,
    dir: &'static str,
    /// Its `index.json`, relative to this one's, so it holds under any base path.
    index: String,
}

/// Every edition of the site but the one being indexed, the default first.
fn other_editions(config: &crate::model::SiteConfig) -> Vec<Edition> {
    let up = "../".repeat(config.prefix_of(config.edition).matches('/').count() + 1);
    (config.languages.iter().enumerate())
        .filter(|(e, _)| *e != config.edition)
        .map(|(e, language)| {
            let overrides = config.word_overrides.get(&language.tag);
            let name = overrides.and_then(|words| words.get("language_name"));
            let folder = config.prefix_of(e);
            let folder = folder.trim_start_matches('/');
            Edition {
                lang: language.tag.clone(),
                name: name.unwrap_or(&language.name).clone(),
                dir: language.dir,
                index: format!(
                    "{up}{folder}{}{FOLDER}/index.json",
                    if folder.is_empty() { "" } else { "/" }
                ),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Doc<'a> {
    u: &'a str,
    t: &'a str,
    k: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    s: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    a: &'a [String],
}

/// The words of each document of the last index, so that under `serve` a
/// save reads again only the documents it changed: reading the words of
/// every page was most of a save's work (0.9 s of 1 s at 10,000 articles).
#[derive(Default)]
pub struct IndexMemory {
    /// Every term met, by number.
    terms: Vec<Box<str>>,
    numbers: FxHashMap<Box<str>, u32>,
    /// Each document's words by its key (see [`Record`]).
    docs: FxHashMap<u64, Remembered>,
}

struct Remembered {
    /// Holds the document's HTML, so that the memory it is at, which its
    /// key names, is not given to another document meanwhile.
    _html: Stored,
    words: Arc<DocWords>,
}

/// A document's terms, by number, ascending, each with its weight in the
/// document: the distance from the previous term and the weight as
/// LEB128 varints, about 3 bytes a term.
struct DocWords(Box<[u8]>);

impl DocWords {
    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut bytes = &self.0[..];
        let mut term = 0;
        std::iter::from_fn(move || {
            term += read_varint(&mut bytes)?;
            Some((term, read_varint(&mut bytes)?))
        })
    }
}

impl IndexMemory {
    /// The terms of `record` with their weights.
    fn read(&mut self, record: &Record, buf: &mut String) -> Result<DocWords, String> {
        let html = (record.html.text())
            .map_err(|err| format!("cannot read back the body of {}: {err}", record.url))?;
        let fields = [(record.title.as_str(), WEIGHT_TITLE, false)]
            .into_iter()
            .chain(
                record
                    .aliases
                    .iter()
                    .map(|a| (a.as_str(), WEIGHT_TITLE, false)),
            )
            .chain([
                (record.summary.as_str(), WEIGHT_SUMMARY, false),
                (&*html, WEIGHT_TEXT, true),
            ]);
        let mut weights: FxHashMap<u32, u32> = FxHashMap::default();
        for (text, weight, html) in fields {
            words(text, html, buf, |term| {
                let number = match self.numbers.get(term) {
                    Some(&number) => number,
                    None => {
                        let number = self.terms.len() as u32;
                        self.numbers.insert(term.into(), number);
                        self.terms.push(term.into());
                        number
                    }
                };
                *weights.entry(number).or_default() += weight;
            });
        }
        let mut weights: Vec<(u32, u32)> = weights.into_iter().collect();
        weights.sort_unstable();
        let mut bytes = Vec::with_capacity(weights.len() * 3);
        let mut last = 0;
        for (term, weight) in weights {
            write_varint(&mut bytes, term - last);
            write_varint(&mut bytes, weight);
            last = term;
        }
        Ok(DocWords(bytes.into_boxed_slice()))
    }
}

/// Builds the index, handing each file to `emit` as it is made. The words
/// of a document `memory` holds are taken from it; with `keep`, `memory`
/// then holds the words of this index's documents, and no others.
fn build_index(
    records: &[Record],
    editions: &[Edition],
    memory: &mut IndexMemory,
    keep: bool,
    emit: &mut Emit,
) -> Result<(), String> {
    let count = u32::try_from(records.len()).map_err(|_| "too many documents to index")?;
    // Postings are kept by term number, in ascending doc order since docs
    // are added in order.
    let mut postings: Vec<Postings> = Vec::new();
    let mut kept = FxHashMap::default();
    let mut buf = String::new();
    for (doc, record) in (0..count).zip(records) {
        let words = match memory.docs.get(&record.key) {
            Some(known) => Arc::clone(&known.words),
            None => Arc::new(memory.read(record, &mut buf)?),
        };
        for (term, weight) in words.iter() {
            let term = term as usize;
            if postings.len() <= term {
                postings.resize_with(term + 1, Postings::default);
            }
            postings[term].push(doc, weight);
        }
        if keep {
            let html = record.html.clone();
            kept.insert(record.key, Remembered { _html: html, words });
        }
    }
    memory.docs = kept;
    let mut terms: Vec<(&str, Postings)> = (postings.into_iter().enumerate())
        .filter(|(_, list)| list.count > 0)
        .map(|(term, list)| (&*memory.terms[term], list))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let mut shards = Vec::new();
    shard(&terms, 1, &mut shards, emit);
    drop(terms);
    if !keep {
        *memory = IndexMemory::default();
    }
    for (n, chunk) in records.chunks(CHUNK).enumerate() {
        let docs: Vec<Doc> = chunk
            .iter()
            .map(|r| Doc {
                u: &r.url,
                t: &r.title,
                k: r.kind,
                s: &r.summary,
                d: r.date.as_deref(),
                a: &r.aliases,
            })
            .collect();
        emit(format!("{FOLDER}/d/{n}.json"), to_json(&docs)?);
    }
    let manifest = Manifest {
        version: VERSION,
        count: records.len(),
        chunk: CHUNK,
        shards: &shards,
        editions,
    };
    emit(format!("{FOLDER}/index.json"), to_json(&manifest)?);
    Ok(())
}

/// One term's postings in ascending doc order: for each document the
/// distance from the previous one and the weight, as LEB128 varints. Most
/// take 2 or 3 bytes where a pair of `u32` takes 8, and the postings are
/// most of the index's memory: about 40 million at 100,000 articles.
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    count: usize,
    last: u32,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u32) {
        write_varint(&mut self.bytes, doc - self.last);
        write_varint(&mut self.bytes, weight);
        self.last = doc;
        self.count += 1;
    }

    /// Each posting as (distance from the previous document, weight).
    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut bytes = self.bytes.as_slice();
        std::iter::from_fn(move || {
            let delta = read_varint(&mut bytes)?;
            Some((delta, read_varint(&mut bytes)?))
        })
    }
}

fn write_varint(bytes: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        bytes.push(value as u8 | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// JSON with `<`, `>` and `&` escaped, as every JSON file gloss writes: a
/// file opened by mistake as HTML cannot run a script.
fn to_json(value: &impl Serialize) -> Result<Vec<u8>, String> {
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    Ok(crate::text::script_safe_json(&json).into_bytes())
}

/// Writes `terms` (sorted) as shards keyed by their first `chars` characters,
/// splitting a prefix that holds too many postings by one more character.
fn shard(terms: &[(&str, Postings)], chars: usize, keys: &mut Vec<String>, emit: &mut Emit) {
    let mut start = 0;
    while start < terms.len() {
        let key = prefix(terms[start].0, chars);
        let len = terms[start..]
            .iter()
            .position(|(term, _)| prefix(term, chars) != key)
            .unwrap_or(terms.len() - start);
        let group = &terms[start..start + len];
        start += len;
        let size: usize = group.iter().map(|(_, p)| p.count).sum();
        if size > SHARD_POSTINGS && chars < MAX_KEY_CHARS && group.len() > 1 {
            // Terms no longer than the prefix stay in its shard; the rest
            // are split by one more character.
            let short = group
                .iter()
                .take_while(|(t, _)| t.chars().count() <= chars)
                .count();
            let (here, longer) = group.split_at(short);
            if !here.is_empty() {
                write_shard(key, here, keys, emit);
            }
            shard(longer, chars + 1, keys, emit);
        } else {
            write_shard(key, group, keys, emit);
        }
    }
}

fn prefix(term: &str, chars: usize) -> &str {
    term.char_indices()
        .nth(chars)
        .map_or(term, |(at, _)| &term[..at])
}

fn write_shard(key: &str, terms: &[(&str, Postings)], keys: &mut Vec<String>, emit: &mut Emit) {
    let hex = key.bytes().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    // Written directly from the postings, which are delta-coded already.
    let mut json = String::with_capacity(terms.len() * 32);
    let mut numbers = itoa::Buffer::new();
    json.push_str("{\"terms\":[");
    for (i, (term, _)) in terms.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(term).unwrap_or_default());
    }
    json.push_str("],\"postings\":[");
    for (i, (_, list)) in terms.iter().enumerate() {
        json.push_str(if i > 0 { ",[" } else { "[" });
        for (j, (delta, weight)) in list.iter().enumerate() {
            if j > 0 {
                json.push(',');
            }
            // Most of the index's bytes: written without the formatter.
            json.push_str(numbers.format(delta));
            json.push(',');
            json.push_str(numbers.format(weight));
        }
        json.push(']');
    }
    json.push_str("]}");
    emit(format!("{FOLDER}/t/{hex}.json"), json.into_bytes());
    keys.push(hex);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_words(text: &str, html: bool) -> Vec<String> {
        let mut out = Vec::new();
        words(text, html, &mut String::new(), |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn postings_read_back_as_written() {
        let mut postings = Postings::default();
        let written = [(0, 1), (1, 10), (130, 3), (20_000, 200), (u32::MAX, 1)];
        for (doc, weight) in written {
            postings.push(doc, weight);
        }
        let deltas: Vec<(u32, u32)> = postings.iter().collect();
        assert_eq!(
            deltas,
            [
                (0, 1),
                (1, 10),
                (129, 3),
                (19_870, 200),
                (u32::MAX - 20_000, 1)
            ]
        );
        assert_eq!(postings.count, written.len());
    }

    #[test]
    fn words_are_folded_and_markup_is_skipped() {
        assert_eq!(
            all_words(
                "<p>Thomas-Greenfield&#39;s <a href=\"/x\">Zürich</a> &amp; U.N. vote</p>",
                true
            ),
            ["thomas", "greenfield", "zurich", "un", "vote"]
        );
        assert_eq!(all_words("ÉCOLE 2024 a", false), ["ecole", "2024"]);
        assert_eq!(
            all_words("la “Côte” d’Ivoire—now", false),
            ["la", "cote", "ivoire", "now"]
        );
        assert_eq!(all_words("<p>a & b &c</p>", true), Vec::<String>::new());
        assert_eq!(
            all_words("the U.S.-led E.U. talks, a U.Nations", false),
            ["the", "us", "led", "eu", "talks", "nations"]
        );
    }

    #[test]
    fn chinese_and_japanese_runs_are_pairs_of_characters_and_their_last_one() {
        assert_eq!(
            all_words("美国国务卿布林肯", false),
            ["美国", "国国", "国务", "务卿", "卿布", "布林", "林肯", "肯"]
        );
        assert_eq!(all_words("在 开罗", false), ["在", "开罗", "罗"]);
        assert_eq!(
            all_words("Blinken在开罗。2024年", false),
            ["blinken", "在开", "开罗", "罗", "2024", "年"]
        );
        // Katakana and hiragana too; half-width kana fold to full width.
        assert_eq!(all_words("ｶｲﾛ", false), all_words("カイロ", false));
        assert_eq!(all_words("カイロへ", false), ["カイ", "イロ", "ロへ", "へ"]);
        // No initialism joins a Latin letter to a Chinese character.
        assert_eq!(all_words("a.中", false), ["中"]);
    }

    #[test]
    fn arabic_marks_and_letter_forms_fold_away() {
        let plain = all_words("احمد بلينكن القاهره", false);
        assert_eq!(plain, all_words("أَحْمَد بلـــينكن القاهرة", false));
        assert_eq!(plain, all_words("إحمد بِلِينْكِن ٱلقاهرة", false));
        // U+0658, which Unicode does not count among letters, splits no word.
        assert_eq!(all_words("بلي\u{658}نكن", false), ["بلينكن"]);
    }

    fn record(title: &str, html: &str) -> Record {
        Record {
            url: format!("/{title}/"),
            title: title.into(),
            kind: "article",
            summary: String::new(),
            date: None,
            aliases: vec![],
            html: Stored::Here(Arc::from(html)),
            key: fx_hash(&(title, html)),
        }
    }

    /// Every file of the index of `records`.
    fn index_files(records: &[Record]) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut memory = IndexMemory::default();
        let mut emit = |name, bytes| files.push((name, bytes));
        build_index(records, &[], &mut memory, false, &mut emit).unwrap();
        files
    }

    fn file(files: &[(String, Vec<u8>)], name: &str) -> serde_json::Value {
        let (_, bytes) = files.iter().find(|(n, _)| n == name).expect(name);
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn word_characters_found_by_their_block_are_letters() {
        let blocks = ('\u{C0}'..='\u{24F}').chain('\u{620}'..='\u{64A}');
        for c in blocks {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn postings_are_delta_coded_with_weights() {
        let files = index_files(&[
            record("one", "<p>vote vote</p>"),
            record("two", "nothing"),
            record("vote", "<p>a vote</p>"),
        ]);
        let manifest = file(&files, "search/index.json");
        assert_eq!(manifest["count"], 3);
        // "v" is 76.
        let shard = file(&files, "search/t/76.json");
        assert_eq!(shard["terms"], serde_json::json!(["vote"]));
        assert_eq!(shard["postings"], serde_json::json!([[0, 2, 2, 11]]));
        let docs = file(&files, "search/d/0.json");
        assert_eq!(docs[2]["u"], "/vote/");
    }

    #[test]
    fn a_crowded_prefix_is_split_into_longer_ones() {
        // Every document holds three "th" words: enough to split "t" and
        // "th", not "the".
        let records: Vec<Record> = (0..SHARD_POSTINGS / 3 + 1)
            .map(|i| record(&format!("doc{i}"), "the then th"))
            .collect();
        let files = index_files(&records);
        let manifest = file(&files, "search/index.json");
        let shards: Vec<&str> = manifest["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        // "th" alone stays under 7468, "the" and "then" move to 746865.
        assert!(
            shards.contains(&"7468") && shards.contains(&"746865"),
            "{shards:?}"
        );
        assert_eq!(
            file(&files, "search/t/7468.json")["terms"],
            serde_json::json!(["th"])
        );
        assert_eq!(
            file(&files, "search/t/746865.json")["terms"],
            serde_json::json!(["the", "then"])
        );
    }
}
