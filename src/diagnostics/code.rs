//! The stable codes of every problem gloss reports. Each has a page in
//! `docs/errors/` (embedded for `gloss explain`); a code is written once,
//! here, and everywhere else by name.

use std::fmt;

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)*) => {
        /// A diagnostic's code, printed as `G0202`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $name,)*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// `G0202`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)*
                }
            }
        }
    };
}

codes! {
    /// A file or folder cannot be read.
    Unreadable = "G0101",
    /// A front-matter or site.yaml key gloss does not know.
    UnknownKey = "G0102",
    /// Front matter is not valid YAML.
    InvalidYaml = "G0103",
    /// A required key is missing.
    MissingKey = "G0104",
    /// A key has a value of the wrong type or form.
    WrongValue = "G0105",
    /// The site has no `content/` folder.
    NoContent = "G0106",
    /// A file is not UTF-8.
    NotUtf8 = "G0107",
    /// A content file has no front matter.
    NoFrontMatter = "G0108",
    /// Front matter is never closed.
    UnclosedFrontMatter = "G0109",
    /// `base_url` is not an absolute URL (a warning).
    RelativeBaseUrl = "G0110",
    /// A link or raw HTML that content may not carry.
    RefusedLink = "G0111",
    /// A file over the size gloss reads.
    TooLarge = "G0112",
    /// A symbolic link that points outside the site folder.
    LinkOutsideSite = "G0113",
    /// An address written by hand that is not a path of this site.
    BadAddress = "G0114",
    /// An article with over 100 tags (a warning).
    ManyTags = "G0115",
    /// A slug, tag or file name that makes a URL segment over 200 characters.
    LongSlug = "G0116",
    /// A FIFO, socket or device where gloss reads a file.
    NotRegularFile = "G0120",
    /// A picture without alt text.
    MissingAlt = "G0130",
    /// A lead picture without a credit.
    MissingCredit = "G0131",
    /// A picture file that does not exist.
    NoPicture = "G0132",
    /// A picture file that cannot be decoded: broken or cut short.
    BrokenPicture = "G0133",
    /// A picture in a format gloss does not publish.
    UnsupportedPicture = "G0134",
    /// A picture too large to process: over 100 megapixels, or its file over 64 MiB.
    HugePicture = "G0135",
    /// A picture outside the site folder, or on another host where a file is needed.
    PictureOutsideSite = "G0136",
    /// An address on a video or post host that names nothing gloss can embed.
    NotEmbeddable = "G0137",
    /// A shortcode call names no template of `templates/shortcodes/`.
    UnknownShortcode = "G0138",
    /// A shortcode call written wrongly, with an argument its template does not read, or that fails to render.
    BadShortcode = "G0139",
    /// A language in site.yaml that is not a BCP 47 tag.
    InvalidLanguageTag = "G0140",
    /// A content file whose language suffix site.yaml does not declare.
    UndeclaredLanguage = "G0141",
    /// An entity's per-language field in a language site.yaml does not declare.
    UndeclaredEntityLanguage = "G0142",
    /// Two pages (or a page and a static file) at one address.
    SameAddress = "G0201",
    /// An annotation names no entity.
    NoEntity = "G0202",
    /// An `@slug` link names no entity.
    NoMentionedEntity = "G0203",
    /// An entity or term annotated twice in one article.
    AnnotatedTwice = "G0204",
    /// One name claimed by two annotations of one article.
    SharedName = "G0205",
    /// An old address (`redirect_from:`, `redirects:`, `gone:`) that is a
    /// live page, or is claimed twice.
    AddressTaken = "G0206",
    /// A redirect that leads to itself or to another redirect.
    RedirectChain = "G0207",
    /// A redirect in site.yaml that leads to no page.
    RedirectNowhere = "G0208",
    /// A published URL the site no longer has.
    UrlDropped = "G0209",
    /// The record of published URLs cannot be read.
    DamagedRecord = "G0210",
    /// `translation_of:` names no article of the default edition.
    TranslationOfNothing = "G0220",
    /// Two translations of one article in the same language.
    TwoTranslations = "G0221",
    /// An entity shown in an edition without a translation (a warning).
    MissingTranslation = "G0222",
    /// An annotation that never matches the text (a warning).
    NeverMatches = "G0301",
    /// A known entity named but not annotated (a warning, from `check`).
    NotAnnotated = "G0302",
    /// A template file cannot be read.
    UnreadableTemplate = "G0401",
    /// A template does not compile or fails to render.
    TemplateError = "G0402",
    /// `template:` names no template.
    NoTemplate = "G0403",
    /// A page's render went over a limit of `render_limits`.
    RenderBudget = "G0404",
    /// Includes or component calls that multiply past what a page may render.
    TooManyRenders = "G0405",
    /// The output cannot be written.
    CannotWrite = "G0501",
    /// The output folder is one gloss must not replace.
    OutputRefused = "G0502",
    /// The output folder holds files gloss did not write.
    ForeignOutput = "G0503",
    /// A bug in gloss, caught before it could do harm.
    Internal = "G0504",
}

impl Code {
    /// The code written `G0102`, `g0102` or `0102`.
    pub fn parse(text: &str) -> Option<Code> {
        let text = text.trim();
        let digits = text.strip_prefix(['G', 'g']).unwrap_or(text);
        Code::ALL
            .iter()
            .copied()
            .find(|code| &code.as_str()[1..] == digits)
    }
}

/// Tests and tools compare a code with its printed form.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_in_order_and_parse_back() {
        assert!(Code::ALL.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
        assert_eq!(Code::parse("g0202"), Some(Code::NoEntity));
        assert_eq!(Code::parse("0202"), Some(Code::NoEntity));
        assert_eq!(Code::parse("G9999"), None);
    }
}
