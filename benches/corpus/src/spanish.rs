//! The Spanish edition's words: people and places keep their names, the
//! words of organizations, events and other entities are translated (with
//! the article each takes), and the sentences of its articles.

use crate::corpus::{Entity, Parts};
use crate::editions::{Language, Localized};
use crate::vocab::{
    EVENT_TYPES, FIRST_NAMES, LAST_NAMES, ORG_DOMAINS, ORG_REGIONS, ORG_TYPES, OTHER_FIRST,
    OTHER_KINDS, OTHER_NOUNS, PERSON_ROLES, PLACE_ALIASES, PLACE_FORMS, PLACE_ROOTS,
    PLACE_SUFFIXES,
};

fn title(english: &str) -> &'static str {
    match english {
        "Minister" => "Ministro",
        "Ambassador" => "Embajador",
        "Director" => "Director",
        "Governor" => "Gobernador",
        "Judge" => "Juez",
        "Senator" => "Senador",
        "Editor" => "Editor",
        "Secretary" => "Secretario",
        "Professor" => "Profesor",
        "Mayor" => "Alcalde",
        "Commissioner" => "Comisionado",
        other => panic!("no Spanish for the title {other}"),
    }
}

/// Each type of organization with its article.
const ORG_TYPES_ES: [(&str, &str); ORG_TYPES.len()] = [
    ("Agencia", "la"),
    ("Autoridad", "la"),
    ("Consejo", "el"),
    ("Unión", "la"),
    ("Federación", "la"),
    ("Comisión", "la"),
    ("Instituto", "el"),
    ("Alianza", "la"),
    ("Fideicomiso", "el"),
    ("Banco", "el"),
    ("Junta", "la"),
    ("Asociación", "la"),
    ("Fundación", "la"),
    ("Coalición", "la"),
    ("Red", "la"),
    ("Liga", "la"),
    ("Corporación", "la"),
    ("Cooperativa", "la"),
    ("Dirección", "la"),
    ("Observatorio", "el"),
];
/// Words that agree with either gender.
const ORG_REGIONS_ES: [&str; ORG_REGIONS.len()] = [
    "del Norte",
    "del Sur",
    "del Este",
    "del Oeste",
    "Central",
    "de la Costa",
    "del Altiplano",
    "Nacional",
    "Integral",
    "Federal",
    "Continental",
    "del Atlántico",
    "del Pacífico",
    "del Río",
    "de los Lagos",
    "de la Capital",
    "Regional",
    "del Interior",
    "de la Frontera",
    "Común",
    "Provincial",
];
const ORG_DOMAINS_ES: [&str; ORG_DOMAINS.len()] = [
    "Socorro",
    "Aguas",
    "Energía",
    "Cereales",
    "Salud",
    "Transporte",
    "Trabajo",
    "Pesca",
    "Vivienda",
    "Minería",
    "Comercio",
    "Refugiados",
    "Educación",
    "Bosques",
    "Radiodifusión",
    "Ferrocarriles",
    "Puertos",
    "Medicina",
    "Veteranos",
    "Agricultores",
    "Docentes",
    "Textiles",
    "Aviación",
    "Tierras",
    "Clima",
    "Justicia",
    "Elecciones",
    "Fronteras",
    "Aduanas",
    "Turismo",
];
/// Plural, and the same for either gender.
const OTHER_FIRST_ES: [&str; OTHER_FIRST.len()] = [
    "Sostenibles",
    "Accesibles",
    "Iguales",
    "Fiables",
    "Verdes",
    "Rurales",
    "Digitales",
    "Habitables",
    "Mejores",
    "Futuros",
    "Esenciales",
    "Inteligentes",
    "Libres",
    "Comunes",
    "Estables",
];
const OTHER_NOUNS_ES: [&str; OTHER_NOUNS.len()] = [
    "Ríos",
    "Dársenas",
    "Campos",
    "Cielos",
    "Caminos",
    "Escuelas",
    "Mercados",
    "Salarios",
    "Hogares",
    "Montes",
    "Litorales",
    "Calles",
    "Redes",
    "Semillas",
];
const OTHER_KINDS_ES: [(&str, &str); OTHER_KINDS.len()] = [
    ("Ley", "la"),
    ("Programa", "el"),
    ("Índice", "el"),
    ("Fondo", "el"),
    ("Carta", "la"),
    ("Protocolo", "el"),
    ("Plan", "el"),
    ("Concierto", "el"),
];
const PLACE_FORMS_ES: [&str; PLACE_FORMS.len()] = [
    "{r}",
    "Puerto {r}",
    "Valle de {r}",
    "Provincia de {r}",
    "Lago {r}",
    "Nueva {r}",
    "Bahía de {r}",
    "{r} del Norte",
    "Altos de {r}",
    "Delta de {r}",
    "San {r}",
    "Llanos de {r}",
];
const PLACE_ALIASES_ES: [&str; PLACE_ALIASES.len()] = [
    "Gran {r}",
    "Distrito de {r}",
    "Región de {r}",
    "Comarca de {r}",
];
/// A word and the article it takes.
type Word = (&'static str, &'static str);

/// An event's word and its aliases' words, each with its article.
#[rustfmt::skip]
const EVENT_TYPES_ES: [(Word, [Word; 2]); EVENT_TYPES.len()] = [
    (("Acuerdo", "el"), [("Convenio", "el"), ("Pacto", "el")]),
    (("Cumbre", "la"), [("Conferencia", "la"), ("Reunión", "la")]),
    (("Inundaciones", "las"), [("Crecida", "la"), ("Riada", "la")]),
    (("Huelga", "la"), [("Paro", "el"), ("Parón", "el")]),
    (("Apagón", "el"), [("Corte", "el"), ("Corte de Luz", "el")]),
    (("Indagatoria", "la"), [("Audiencias", "las"), ("Investigación", "la")]),
    (("Referéndum", "el"), [("Votación", "la"), ("Plebiscito", "el")]),
    (("Protestas", "las"), [("Manifestaciones", "las"), ("Marchas", "las")]),
    (("Alto el Fuego", "el"), [("Tregua", "la"), ("Armisticio", "el")]),
    (("Crisis", "la"), [("Emergencia", "la"), ("Pulso", "el")]),
    (("Declaración", "la"), [("Comunicado", "el"), ("Manifiesto", "el")]),
    (("Vertido", "el"), [("Fuga", "la"), ("Derrame", "el")]),
];

/// The initials of the capitalized words: "Agencia de Socorro del Norte" is ASN.
fn acronym(name: &str) -> String {
    name.split(' ')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// The English root of a place (`Aldren-Kesselford`), which Spanish keeps.
fn root(roots: &[usize], suffix: usize) -> String {
    let latin: Vec<&str> = roots.iter().map(|&r| PLACE_ROOTS[r]).collect();
    latin.join("-") + PLACE_SUFFIXES[suffix]
}

/// The entity's name and aliases in Spanish, of the same forms as its
/// English ones.
pub fn names(entity: &Entity) -> (String, Vec<Option<String>>) {
    let alias = |form: &dyn Fn(usize) -> String| -> Vec<Option<String>> {
        entity.alias_forms.iter().map(|&f| Some(form(f))).collect()
    };
    match &entity.parts {
        Parts::Person { first, last, role } => {
            let first = FIRST_NAMES[*first];
            let last: Vec<&str> = last.iter().map(|&l| LAST_NAMES[l]).collect();
            let last = last.join("-");
            let title = title(PERSON_ROLES[*role].1);
            let aliases = alias(&|f| match f {
                0 => last.clone(),
                1 => format!("{title} {last}"),
                _ => format!("{}. {last}", &first[..1]),
            });
            (format!("{first} {last}"), aliases)
        }
        Parts::Organization {
            region,
            domains,
            kind,
        } => {
            let word = ORG_TYPES_ES[*kind].0;
            let region = ORG_REGIONS_ES[*region];
            let domains: Vec<&str> = domains.iter().map(|&d| ORG_DOMAINS_ES[d]).collect();
            let domains = domains.join(" y ");
            let name = format!("{word} de {domains} {region}");
            let aliases = alias(&|f| match f {
                0 => acronym(&name),
                1 => format!("{word} de {domains}"),
                _ => format!("{word} {region}"),
            });
            (name, aliases)
        }
        Parts::Other { first, nouns, kind } => {
            let adjective = OTHER_FIRST_ES[*first];
            let nouns: Vec<&str> = nouns.iter().map(|&n| OTHER_NOUNS_ES[n]).collect();
            let nouns = nouns.join(" y ");
            let word = OTHER_KINDS_ES[*kind].0;
            let name = format!("{word} de {nouns} {adjective}");
            let aliases = alias(&|f| match f {
                0 => acronym(&name),
                1 => format!("{word} de {nouns}"),
                _ => format!("{nouns} {adjective}"),
            });
            (name, aliases)
        }
        Parts::Place {
            roots,
            suffix,
            form,
        } => {
            let r = root(roots, *suffix);
            let aliases = alias(&|f| match f {
                0 => r.clone(),
                f => PLACE_ALIASES_ES[f - 1].replace("{r}", &r),
            });
            (PLACE_FORMS_ES[*form].replace("{r}", &r), aliases)
        }
        Parts::Event { roots, kind } => {
            let r = root(roots, 0);
            let ((word, _), others) = EVENT_TYPES_ES[*kind];
            let aliases = alias(&|f| format!("{} de {r}", others[f].0));
            (format!("{word} de {r}"), aliases)
        }
    }
}

/// The article a name or alias takes in running text ("la Agencia de
/// Socorro del Norte", "el Paro de Kessel"); people and places take none,
/// nor does the alias of another entity made of a plural ("Ríos Sostenibles").
fn article(parts: &Parts, text: &str) -> &'static str {
    let first_word = |words: &[(&'static str, &'static str)]| {
        words
            .iter()
            .filter(|(w, _)| text.starts_with(&format!("{w} ")))
            .max_by_key(|(w, _)| w.len())
            .map_or("", |(_, a)| *a)
    };
    match parts {
        Parts::Person { .. } | Parts::Place { .. } => "",
        Parts::Organization { kind, .. } => ORG_TYPES_ES[*kind].1,
        Parts::Other { kind, .. } => {
            let (word, article) = OTHER_KINDS_ES[*kind];
            let acronym = !text.contains(' ');
            if text.starts_with(&format!("{word} ")) || acronym {
                article
            } else {
                ""
            }
        }
        Parts::Event { kind, .. } => {
            let (name, others) = EVENT_TYPES_ES[*kind];
            first_word(&[name, others[0], others[1]])
        }
    }
}

pub fn reference(entity: &Localized, text: &str) -> String {
    match article(entity.parts, text) {
        "" => text.to_string(),
        article => format!("{article} {text}"),
    }
}

pub const LANGUAGE: Language = Language {
    code: "es",
    names,
    reference,
    capitalize: true,
    clauses: [
        &[
            "{e} dijo que las negociaciones sobre {topic} habían llegado a un punto difícil",
            "{e} declaró a la prensa que {topic} seguiría siendo una prioridad",
            "{e}, que sigue de cerca {topic} desde hace años, pidió prudencia",
            "{e} declinó hacer comentarios sobre {topic}",
            "en una entrevista, {e} calificó la propuesta de {adj}",
            "{e} sostiene que {topic} no puede esperar más",
            "los críticos de {e} dicen que el plan deja {topic} sin resolver",
            "se espera que {e} presente nuevas cifras sobre {topic} en {month}",
        ],
        &[
            "{e} anunció {money} en nueva financiación para {topic}",
            "según {e}, la revisión terminará en {month}",
            "{e} ha recibido preguntas sobre su gestión en {topic}",
            "{e} dijo que publicaría sus conclusiones sobre {topic} en {month}",
            "{e} calcula que el {pct} de los hogares se ven afectados por {topic}",
            "{e} calificó de {adj} el plan del gobierno sobre {topic}",
            "una auditoría concluyó que {e} no pudo justificar {money}",
            "el gobierno y {e} trabajan en un plan común sobre {topic}",
        ],
        &[
            "en {e}, los vecinos denunciaron escasez relacionada con {topic}",
            "la situación en {e} ha empeorado desde {month}",
            "{e} sigue en el centro de la disputa sobre {topic}",
            "las autoridades locales de {e} dijeron que {topic} ya ha costado {money}",
            "miles de personas marcharon en {e} el pasado {month}",
            "cerca del {pct} de la población de {e} se ve afectada por {topic}",
            "la carretera hacia {e} estuvo cerrada durante {days} días",
            "las delegaciones se reunieron en {e} para hablar sobre {topic}",
        ],
        &[
            "{e} debía zanjar la cuestión sobre {topic}",
            "desde {e}, {topic} domina la agenda",
            "las autoridades aún calculan el coste que dejó {e}, estimado en {money}",
            "{e} dejó {topic} sin resolver",
            "pocos esperaban que {e} cambiara el debate sobre {topic}",
            "los analistas relacionan {topic} con {e}",
        ],
        &[
            "{e} se diseñó para abordar {topic}",
            "{e} cubre cerca del {pct} del gasto en {topic}",
            "con {e}, los pagos por {topic} se revisan cada año",
            "los críticos quieren que {e} se reescriba en {month}",
            "los defensores dicen que {e} ya ha ahorrado {money}",
        ],
    ],
    fillers: &[
        "Las cifras no se han verificado de forma independiente.",
        "Los analistas esperan que el debate continúe en {month}.",
        "Los negociadores se han reunido {days} veces desde {month} sin un acuerdo final.",
        "La propuesta costaría unos {money} en cinco años.",
        "La opinión pública sigue dividida, con un apoyo de alrededor del {pct} en las encuestas.",
        "Varias de las medidas requieren la aprobación del parlamento nacional.",
        "Los intentos anteriores sobre {topic} fracasaron por falta de fondos.",
        "Las organizaciones de ayuda dicen que los retrasos ya afectan a las familias más vulnerables.",
        "El gobierno ha prometido una revisión completa sobre {topic}.",
        "Pocos esperan una solución rápida, dado lo mucho que han durado las conversaciones.",
        "La participación en la última consulta pública fue de alrededor del {pct}.",
        "Un borrador visto por periodistas tiene {days} páginas.",
    ],
    headings: &[
        "Qué pasó",
        "Por qué importa",
        "Quién está implicado",
        "Qué viene ahora",
        "Los antecedentes",
        "Qué dicen los críticos",
        "Las cifras",
        "Cómo llegamos aquí",
        "Qué dicen las autoridades",
        "Las preguntas abiertas",
        "Adónde va el dinero",
        "Qué se ha intentado antes",
    ],
    connectors: &[", mientras que ", ", y ", "; entretanto, ", ", aunque "],
    quotes: &[
        "No podemos seguir tratando {topic} como un problema ajeno",
        "Nadie debería fingir que {topic} se resolverá solo",
        "Las cifras sobre {topic} hablan por sí solas, y no son buenas",
        "Nos prometieron un plan sobre {topic} y seguimos esperando",
    ],
    said: "> «{q}», dijo {e}.",
    key_points: "Puntos clave:",
    topics: &[
        "los derechos de agua",
        "las exportaciones de grano",
        "el paso fronterizo",
        "el corredor humanitario",
        "los subsidios al combustible",
        "la ampliación del puerto",
        "la conexión ferroviaria",
        "el salario docente",
        "la escasez de vivienda",
        "la financiación hospitalaria",
        "la cuota de pesca",
        "la licencia minera",
        "la reforma electoral",
        "la disputa aduanera",
        "las defensas contra inundaciones",
        "la red eléctrica",
        "el registro de refugiados",
        "la respuesta a la sequía",
        "los precios de los alimentos",
        "la reforma de las pensiones",
    ],
    adjectives: &[
        "insuficiente",
        "inviable",
        "un primer paso necesario",
        "alentador",
        "un avance",
        "una apuesta política",
        "demasiado prudente",
        "tardío",
    ],
    months: &[
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    money: "{n} millones de dólares",
    percent: "{n} por ciento",
    titles: &[
        "{e} y el debate sobre {topic}, explicado",
        "Qué significa {topic} para {e}",
        "Claves: {e} y {topic}",
        "Cinco preguntas sobre {topic} y {e}",
        "Cómo {topic} llegó a la agenda de {e}",
    ],
    summaries: &[
        "{a} y {b} discrepan sobre {topic}. Esto es lo que sabemos, quién está implicado y qué puede pasar.",
        "Lo que han dicho {a} y {b} sobre {topic}, y lo que viene.",
        "En el debate sobre {topic} intervienen {a} y {b}. Este explicador recoge las posiciones y las cifras.",
    ],
    entity_summaries: [
        "{name} es una voz destacada en el debate sobre {topic} y una fuente habitual sobre finanzas públicas.",
        "{name} es un organismo público que supervisa {topic} y asesora al gobierno sobre {topic2}.",
        "{name} es un distrito donde {topic} marca la economía y {topic2} divide a los vecinos.",
        "{name} marcó el debate sobre {topic}, y sus consecuencias sobre {topic2} aún se discuten.",
        "{name} es un instrumento del gobierno creado para abordar {topic}.",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_take_the_capitals() {
        assert_eq!(acronym("Agencia de Socorro del Norte"), "ASN");
    }

    #[test]
    fn events_take_the_article_of_their_word() {
        let parts = Parts::Event {
            roots: vec![0],
            kind: 4,
        };
        assert_eq!(article(&parts, "Corte de Luz de Aldren"), "el");
        assert_eq!(article(&parts, "Apagón de Aldren"), "el");
        let strike = Parts::Event {
            roots: vec![0],
            kind: 3,
        };
        assert_eq!(article(&strike, "Huelga de Aldren"), "la");
    }
}
