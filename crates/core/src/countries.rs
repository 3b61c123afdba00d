//! ISO 3166-1 alpha-3 country codes, the trigraphs used in REL TO markings,
//! the names a staffer may use instead, and the errors for neither.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::Name;

/// Every officially assigned ISO 3166-1 alpha-3 code, sorted.
pub const ISO_3166_ALPHA3: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

/// The short English name of each code in [`ISO_3166_ALPHA3`], in the same
/// order (ISO 3166-1 short names, simplified to plain ASCII).
const NAMES: &[&str] = &[
    "Aruba",
    "Afghanistan",
    "Angola",
    "Anguilla",
    "Aland Islands",
    "Albania",
    "Andorra",
    "United Arab Emirates",
    "Argentina",
    "Armenia",
    "American Samoa",
    "Antarctica",
    "French Southern Territories",
    "Antigua and Barbuda",
    "Australia",
    "Austria",
    "Azerbaijan",
    "Burundi",
    "Belgium",
    "Benin",
    "Bonaire, Sint Eustatius and Saba",
    "Burkina Faso",
    "Bangladesh",
    "Bulgaria",
    "Bahrain",
    "Bahamas",
    "Bosnia and Herzegovina",
    "Saint Barthelemy",
    "Belarus",
    "Belize",
    "Bermuda",
    "Bolivia",
    "Brazil",
    "Barbados",
    "Brunei Darussalam",
    "Bhutan",
    "Bouvet Island",
    "Botswana",
    "Central African Republic",
    "Canada",
    "Cocos (Keeling) Islands",
    "Switzerland",
    "Chile",
    "China",
    "Cote d'Ivoire",
    "Cameroon",
    "Democratic Republic of the Congo",
    "Congo",
    "Cook Islands",
    "Colombia",
    "Comoros",
    "Cabo Verde",
    "Costa Rica",
    "Cuba",
    "Curacao",
    "Christmas Island",
    "Cayman Islands",
    "Cyprus",
    "Czechia",
    "Germany",
    "Djibouti",
    "Dominica",
    "Denmark",
    "Dominican Republic",
    "Algeria",
    "Ecuador",
    "Egypt",
    "Eritrea",
    "Western Sahara",
    "Spain",
    "Estonia",
    "Ethiopia",
    "Finland",
    "Fiji",
    "Falkland Islands",
    "France",
    "Faroe Islands",
    "Micronesia",
    "Gabon",
    "United Kingdom",
    "Georgia",
    "Guernsey",
    "Ghana",
    "Gibraltar",
    "Guinea",
    "Guadeloupe",
    "Gambia",
    "Guinea-Bissau",
    "Equatorial Guinea",
    "Greece",
    "Grenada",
    "Greenland",
    "Guatemala",
    "French Guiana",
    "Guam",
    "Guyana",
    "Hong Kong",
    "Heard Island and McDonald Islands",
    "Honduras",
    "Croatia",
    "Haiti",
    "Hungary",
    "Indonesia",
    "Isle of Man",
    "India",
    "British Indian Ocean Territory",
    "Ireland",
    "Iran",
    "Iraq",
    "Iceland",
    "Israel",
    "Italy",
    "Jamaica",
    "Jersey",
    "Jordan",
    "Japan",
    "Kazakhstan",
    "Kenya",
    "Kyrgyzstan",
    "Cambodia",
    "Kiribati",
    "Saint Kitts and Nevis",
    "South Korea",
    "Kuwait",
    "Laos",
    "Lebanon",
    "Liberia",
    "Libya",
    "Saint Lucia",
    "Liechtenstein",
    "Sri Lanka",
    "Lesotho",
    "Lithuania",
    "Luxembourg",
    "Latvia",
    "Macao",
    "Saint Martin (French part)",
    "Morocco",
    "Monaco",
    "Moldova",
    "Madagascar",
    "Maldives",
    "Mexico",
    "Marshall Islands",
    "North Macedonia",
    "Mali",
    "Malta",
    "Myanmar",
    "Montenegro",
    "Mongolia",
    "Northern Mariana Islands",
    "Mozambique",
    "Mauritania",
    "Montserrat",
    "Martinique",
    "Mauritius",
    "Malawi",
    "Malaysia",
    "Mayotte",
    "Namibia",
    "New Caledonia",
    "Niger",
    "Norfolk Island",
    "Nigeria",
    "Nicaragua",
    "Niue",
    "Netherlands",
    "Norway",
    "Nepal",
    "Nauru",
    "New Zealand",
    "Oman",
    "Pakistan",
    "Panama",
    "Pitcairn",
    "Peru",
    "Philippines",
    "Palau",
    "Papua New Guinea",
    "Poland",
    "Puerto Rico",
    "North Korea",
    "Portugal",
    "Paraguay",
    "Palestine",
    "French Polynesia",
    "Qatar",
    "Reunion",
    "Romania",
    "Russia",
    "Rwanda",
    "Saudi Arabia",
    "Sudan",
    "Senegal",
    "Singapore",
    "South Georgia and the South Sandwich Islands",
    "Saint Helena, Ascension and Tristan da Cunha",
    "Svalbard and Jan Mayen",
    "Solomon Islands",
    "Sierra Leone",
    "El Salvador",
    "San Marino",
    "Somalia",
    "Saint Pierre and Miquelon",
    "Serbia",
    "South Sudan",
    "Sao Tome and Principe",
    "Suriname",
    "Slovakia",
    "Slovenia",
    "Sweden",
    "Eswatini",
    "Sint Maarten (Dutch part)",
    "Seychelles",
    "Syria",
    "Turks and Caicos Islands",
    "Chad",
    "Togo",
    "Thailand",
    "Tajikistan",
    "Tokelau",
    "Turkmenistan",
    "Timor-Leste",
    "Tonga",
    "Trinidad and Tobago",
    "Tunisia",
    "Turkiye",
    "Tuvalu",
    "Taiwan",
    "Tanzania",
    "Uganda",
    "Ukraine",
    "United States Minor Outlying Islands",
    "Uruguay",
    "United States",
    "Uzbekistan",
    "Holy See",
    "Saint Vincent and the Grenadines",
    "Venezuela",
    "British Virgin Islands",
    "U.S. Virgin Islands",
    "Viet Nam",
    "Vanuatu",
    "Wallis and Futuna",
    "Samoa",
    "Yemen",
    "South Africa",
    "Zambia",
    "Zimbabwe",
];

/// Other names a staffer may type for a country: formal names, former names
/// and common abbreviations. Matched like the short names (see
/// [`Country::parse`]).
const ALIASES: &[(&str, &str)] = &[
    ("Russian Federation", "RUS"),
    ("People's Republic of China", "CHN"),
    ("PRC", "CHN"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("DPRK", "PRK"),
    ("Republic of Korea", "KOR"),
    ("ROK", "KOR"),
    ("Islamic Republic of Iran", "IRN"),
    (
        "United Kingdom of Great Britain and Northern Ireland",
        "GBR",
    ),
    ("Great Britain", "GBR"),
    ("Britain", "GBR"),
    ("UK", "GBR"),
    ("United States of America", "USA"),
    ("US", "USA"),
    ("Syrian Arab Republic", "SYR"),
    ("Bolivarian Republic of Venezuela", "VEN"),
    ("Vietnam", "VNM"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Republic of Moldova", "MDA"),
    ("United Republic of Tanzania", "TZA"),
    ("Plurinational State of Bolivia", "BOL"),
    ("Czech Republic", "CZE"),
    ("Turkey", "TUR"),
    ("Ivory Coast", "CIV"),
    ("Cape Verde", "CPV"),
    ("Swaziland", "SWZ"),
    ("Macedonia", "MKD"),
    ("Burma", "MMR"),
    ("Federated States of Micronesia", "FSM"),
    ("Vatican", "VAT"),
    ("Vatican City", "VAT"),
    ("State of Palestine", "PSE"),
    ("DRC", "COD"),
    ("Congo-Kinshasa", "COD"),
    ("Republic of the Congo", "COG"),
    ("Congo-Brazzaville", "COG"),
    ("Brunei", "BRN"),
    ("UAE", "ARE"),
    ("Macau", "MAC"),
    ("East Timor", "TLS"),
    ("Holland", "NLD"),
];

/// An assigned ISO 3166-1 alpha-3 code, held as its position in
/// [`ISO_3166_ALPHA3`] so that a country fact is one byte, not a heap string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country(u8);

impl Country {
    /// Every assigned country, in ISO 3166-1 alpha-3 code order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..ISO_3166_ALPHA3.len()).filter_map(|i| u8::try_from(i).ok().map(Self))
    }

    /// The country with this code, if the code is assigned.
    pub fn from_code(code: &str) -> Option<Self> {
        let position = ISO_3166_ALPHA3.binary_search(&code).ok()?;
        u8::try_from(position).ok().map(Self)
    }

    /// The country a staffer named: an ISO 3166-1 alpha-3 code (upper case,
    /// as in REL TO markings), or a country's name in any case ("Russia",
    /// "Russian Federation", "the United Kingdom", "Côte d'Ivoire").
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(country) = Self::from_code(text) {
            return Some(country);
        }
        let wanted = name_key(text);
        if wanted.is_empty() {
            return None;
        }
        let by_name = NAMES
            .iter()
            .position(|name| name_key(name) == wanted)
            .and_then(|position| u8::try_from(position).ok().map(Self));
        by_name.or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| name_key(alias) == wanted)
                .and_then(|(_, code)| Self::from_code(code))
        })
    }

    /// Its short English name ("Russia" for RUS).
    pub fn name(self) -> &'static str {
        NAMES.get(usize::from(self.0)).copied().unwrap_or("?")
    }

    /// Its position in [`ISO_3166_ALPHA3`] (0 to 248): the bit a country
    /// bitmap gives it.
    pub fn position(self) -> u8 {
        self.0
    }

    /// Its three-letter code.
    pub fn code(self) -> &'static str {
        // A `Country` is only made by `from_code`, so the position exists.
        ISO_3166_ALPHA3
            .get(usize::from(self.0))
            .copied()
            .unwrap_or("???")
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Every code, short name and other name a country may be given by: the
/// candidates for "did you mean" when a country is not recognised.
pub fn country_spellings() -> impl Iterator<Item = &'static str> {
    ISO_3166_ALPHA3
        .iter()
        .chain(NAMES)
        .copied()
        .chain(ALIASES.iter().map(|(alias, _)| *alias))
}

/// A name reduced for comparison: lower case, accents and punctuation
/// dropped, "saint" for "st", no leading "the", single spaces.
fn name_key(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' | 'Å' | 'Á' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'î' | 'ï' => 'i',
            'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'û' | 'ü' => 'u',
            '&' => '+',
            c if c.is_alphanumeric() => c.to_ascii_lowercase(),
            // Apostrophes join ("cote d'ivoire"); other marks separate.
            '\'' | '’' => continue,
            _ => ' ',
        };
        plain.push(c);
    }
    let words: Vec<&str> = plain
        .split_whitespace()
        .map(|word| match word {
            "st" => "saint",
            "+" => "and",
            other => other,
        })
        .collect();
    match words.as_slice() {
        ["the", rest @ ..] => rest.join(" "),
        all => all.join(" "),
    }
}

/// True when `code` is an assigned ISO 3166-1 alpha-3 code.
pub fn is_country_code(code: &str) -> bool {
    ISO_3166_ALPHA3.binary_search(&code).is_ok()
}

/// A diagnostic for a string that is not an ISO 3166-1 alpha-3 code (rule
/// files, proposals and the vocabulary name countries by code only).
pub fn country_code_problem(file: &SourceFile, code: &Name) -> Diagnostic {
    let upper = code.as_str().to_uppercase();
    let diagnostic = Diagnostic::at_value(
        file,
        code,
        CountryError::UnknownCode {
            code: code.value.clone(),
        },
    )
    .with_label("not an ISO 3166-1 alpha-3 code");
    if is_country_code(&upper) {
        diagnostic.with_help(format!(
            "country codes are upper case: did you mean `{upper}`?"
        ))
    } else if let Some(country) = Country::parse(code.as_str()) {
        // A country's name where the file wants its code: say which.
        diagnostic.with_help(format!(
            "rule files name countries by code: {} is `{}`",
            country.name(),
            country.code()
        ))
    } else if let Some(help) = named_like_help(code.as_str()) {
        diagnostic.with_help(help)
    } else {
        diagnostic.with_suggestion(&upper, ISO_3166_ALPHA3.iter().copied(), "country code")
    }
}

/// A diagnostic for an action's country that is neither a code nor a name
/// (actions may say "Russia" as well as "RUS").
pub fn country_name_problem(file: &SourceFile, text: &Name) -> Diagnostic {
    let upper = text.as_str().to_uppercase();
    let diagnostic = Diagnostic::at_value(
        file,
        text,
        CountryError::Unknown {
            name: text.value.clone(),
        },
    )
    .with_label("not an ISO 3166-1 alpha-3 code or a country's name");
    if is_country_code(&upper) {
        diagnostic.with_help(format!(
            "country codes are upper case: did you mean `{upper}`?"
        ))
    } else if let Some(help) = named_like_help(text.as_str()) {
        diagnostic.with_help(help)
    } else {
        diagnostic.with_suggestion(text.as_str(), country_spellings(), "country")
    }
}

/// "did you mean Germany (`DEU`)?" for "GER": the countries whose name
/// starts with the text, when there are any. The start of a name is a better
/// guess than a near code (GER is closer to GBR, GEO, NER and PER).
fn named_like_help(text: &str) -> Option<String> {
    let named: Vec<String> = countries_named_like(text)
        .iter()
        .map(|c| format!("{} (`{}`)", c.name(), c.code()))
        .collect();
    (!named.is_empty()).then(|| format!("did you mean {}?", crate::diagnostic::or_list(&named)))
}

/// Up to four countries whose name starts with `text` (three letters or
/// more), in code order.
fn countries_named_like(text: &str) -> Vec<Country> {
    let key = name_key(text);
    if key.chars().count() < 3 {
        return Vec::new();
    }
    Country::all()
        .filter(|c| name_key(c.name()).starts_with(&key))
        .take(4)
        .collect()
}

/// A country that is not one.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CountryError {
    /// A string that is not an ISO 3166-1 alpha-3 code.
    #[error("unknown country code `{code}`")]
    #[diagnostic(code(oversight::country::unknown_code))]
    UnknownCode {
        /// The code as written.
        code: String,
    },
    /// A string that is neither a country code nor a country's name.
    #[error("unknown country `{name}`")]
    #[diagnostic(code(oversight::country::unknown))]
    Unknown {
        /// The text as written.
        name: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_complete_and_without_duplicates() {
        assert!(ISO_3166_ALPHA3.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ISO_3166_ALPHA3.len(), 249);
        assert!(is_country_code("RUS") && is_country_code("PRK") && is_country_code("USA"));
        for code in ISO_3166_ALPHA3 {
            assert_eq!(Country::from_code(code).map(Country::code), Some(*code));
        }
        assert_eq!(Country::from_code("RUZ"), None);
        assert!(!is_country_code("RUZ") && !is_country_code("rus"));
    }

    #[test]
    fn the_start_of_a_name_suggests_the_country_not_a_near_code() {
        // "GER" for Germany once suggested GBR, GEO, NER and PER.
        let file = SourceFile::new("action.ron", "\"GER\"");
        let name = Name::detached(String::from("GER"));
        let help = country_name_problem(&file, &name).help;
        assert_eq!(help.as_deref(), Some("did you mean Germany (`DEU`)?"));
        // A rule file, which wants codes, gets the same help.
        let help = country_code_problem(&file, &name).help;
        assert_eq!(help.as_deref(), Some("did you mean Germany (`DEU`)?"));
        // A near code with no name starting so still gets the nearest codes.
        let name = Name::detached(String::from("RUZ"));
        let help = country_code_problem(&file, &name).help.unwrap_or_default();
        assert!(help.contains("`RUS`"), "{help}");
        // Countries listed in code order, all of them, from `Country::all`.
        assert_eq!(Country::all().count(), ISO_3166_ALPHA3.len());
        assert_eq!(Country::all().next().map(Country::code), Some("ABW"));
        let names: Vec<&str> = countries_named_like("ni")
            .iter()
            .map(|c| c.code())
            .collect();
        assert!(names.is_empty(), "two letters are too few: {names:?}");
        let names: Vec<&str> = countries_named_like("Nig")
            .iter()
            .map(|c| c.code())
            .collect();
        assert_eq!(names, ["NER", "NGA"]);
    }

    #[test]
    fn a_country_is_found_by_code_short_name_or_other_name() {
        let russia = Country::from_code("RUS");
        for spelling in [
            "RUS",
            "Russia",
            "russia",
            "Russian Federation",
            "  the Russian   Federation ",
        ] {
            assert_eq!(Country::parse(spelling), russia, "{spelling}");
        }
        assert_eq!(
            Country::parse("United Kingdom").map(Country::code),
            Some("GBR")
        );
        assert_eq!(Country::parse("the UK").map(Country::code), Some("GBR"));
        assert_eq!(
            Country::parse("Côte d’Ivoire").map(Country::code),
            Some("CIV")
        );
        assert_eq!(Country::parse("St Lucia").map(Country::code), Some("LCA"));
        assert_eq!(
            Country::parse("North Korea").map(Country::code),
            Some("PRK")
        );
        assert_eq!(Country::parse("Korea, Republic of"), None);
        assert_eq!(Country::parse("Rusia"), None);
        assert_eq!(Country::parse(""), None);
        assert_eq!(russia.map(Country::name), Some("Russia"));
    }

    #[test]
    fn every_code_has_one_name_and_no_name_is_ambiguous() {
        assert_eq!(NAMES.len(), ISO_3166_ALPHA3.len());
        let mut keys: Vec<String> = NAMES
            .iter()
            .copied()
            .chain(ALIASES.iter().map(|(alias, _)| *alias))
            .map(name_key)
            .collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "two countries share a name");
        for (alias, code) in ALIASES {
            assert!(is_country_code(code), "{alias} names {code}");
        }
    }
}
