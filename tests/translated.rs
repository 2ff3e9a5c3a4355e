//! Translated pages read by their structure, not by English words: copies of
//! an English resource page and enum page with the headings, table headers,
//! primitive type names, one property name and one enum member translated
//! (German, Japanese, Greek; by hand, as machine translation does it), each
//! tree read alone. Anchors, annotations, links, code spans and the JSON
//! representation stay as the docs keep them, and so do the enum's values the
//! `state` property's description lists in code spans (what confirms a plain
//! word such as `active` as a wire value on a translated page).

use graphgen::diagnostics::Code;
use graphgen::ir::{Ir, TypeRef};
use graphgen::page::NoIncludes;
use graphgen::pipeline::Run;
use graphgen::{Generator, Input};

/// The words a translation changes on the two pages.
struct Language {
    locale: &'static str,
    properties: &'static str,
    members: &'static str,
    header: [&'static str; 3],
    string: &'static str,
    collection_of_strings: &'static str,
    integer: &'static str,
    /// `roles`, translated.
    roles: &'static str,
    /// The enum member `unknown`, translated.
    unknown: &'static str,
    description: &'static str,
}

const LANGUAGES: &[Language] = &[
    Language {
        locale: "de-DE",
        properties: "Eigenschaften",
        members: "Mitglieder",
        header: ["Eigenschaft", "Typ", "Beschreibung"],
        string: "Zeichenfolge",
        collection_of_strings: "Zeichenfolgensammlung",
        integer: "Ganzzahl",
        roles: "Rollen",
        unknown: "Unbekannt",
        description: "Der Anzeigename.",
    },
    Language {
        locale: "ja-JP",
        properties: "プロパティ",
        members: "メンバー",
        header: ["プロパティ", "型", "説明"],
        string: "文字列",
        collection_of_strings: "文字列のコレクション",
        integer: "整数",
        roles: "役割",
        unknown: "不明",
        description: "表示名。",
    },
    Language {
        locale: "el-GR",
        properties: "Ιδιότητες",
        members: "Μέλη",
        header: ["Ιδιότητα", "Τύπος", "Περιγραφή"],
        string: "Συμβολοσειρά",
        collection_of_strings: "Συλλογή συμβολοσειρών",
        integer: "Ακέραιος",
        roles: "ρόλοι",
        unknown: "Άγνωστο",
        description: "Το εμφανιζόμενο όνομα.",
    },
];

fn resource_page(l: &Language) -> String {
    let [p, t, d] = l.header;
    format!(
        "---\ntitle: widget\ndoc_type: resourcePageType\nms.contentlocale: {locale}\n---\n\
         # <a name=\"widget-resource-type\"></a>{t} widget\n\nNamespace: microsoft.graph\n\n{d}.\n\n\
         ## <a name=\"properties\"></a>{properties}\n\n\
         | {p} | {t} | {d} |\n|:---|:---|:---|\n\
         |displayName|{string}|{desc}|\n\
         |{roles}|{strings}|{desc}|\n\
         |size|{integer}|{desc}|\n\
         |state|[widgetState](widgetstate.md)|{desc} `active`, `inactive`.|\n\
         |owner|[identitySet](identityset.md)|{desc}|\n\n\
         ## <a name=\"json-representation\"></a>JSON\n\n\
         <!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.widget\"\n}}-->\n\
         ```json\n{{\n  \"displayName\": \"String\",\n  \"roles\": [\"String\"],\n  \"size\": 1024,\n  \"state\": \"String\",\n  \"owner\": {{\"@odata.type\": \"microsoft.graph.identitySet\"}}\n}}\n```\n",
        locale = l.locale,
        properties = l.properties,
        string = l.string,
        strings = l.collection_of_strings,
        integer = l.integer,
        roles = l.roles,
        desc = l.description,
    )
}

fn enum_page(l: &Language) -> String {
    format!(
        "---\ntitle: widgetState\ndoc_type: enumPageType\nms.contentlocale: {locale}\n---\n\
         # <a name=\"widgetstate-enum-type\"></a>{t} widgetState\n\nNamespace: microsoft.graph\n\n\
         ## <a name=\"members\"></a>{members}\n\n\
         | {m} | # | {d} |\n|:---|:---|:---|\n\
         |active|0|{desc}|\n|inactive|1|{desc}|\n|{unknown}|2|{desc}|\n|unknownFutureValue|3|{desc}|\n",
        locale = l.locale,
        t = l.header[1],
        members = l.members,
        m = l.members,
        d = l.header[2],
        unknown = l.unknown,
        desc = l.description,
    )
}

fn identity_set() -> String {
    graphgen_tests::resource_page("identitySet", &[("user", "String")])
}

fn run(l: &Language) -> Run {
    let pages = vec![
        ("resources/widget.md".to_owned(), resource_page(l)),
        ("resources/widgetstate.md".to_owned(), enum_page(l)),
        ("resources/identityset.md".to_owned(), identity_set()),
    ];
    Generator::default().analyse(Input::Pages { pages: &pages, includes: &NoIncludes }).unwrap()
}

fn property_type(ir: &Ir, ty: &str, property: &str) -> Option<TypeRef> {
    let t = ir.types.iter().find(|t| t.wire_name == ty)?;
    t.properties.iter().find(|f| f.wire_name == property).map(|f| f.ty.clone())
}

#[test]
fn translated_tables_are_read_by_their_cells_and_the_json_representation() {
    for l in LANGUAGES {
        let run = run(l);
        let ir = &run.ir;
        let widget = ir.types.iter().find(|t| t.wire_name == "widget");
        let Some(widget) = widget else {
            panic!(
                "{}: no widget type; types {:?}",
                l.locale,
                ir.types.iter().map(|t| &t.wire_name).collect::<Vec<_>>()
            )
        };
        let names: Vec<&str> = widget.properties.iter().map(|f| f.wire_name.as_str()).collect();
        for expected in ["displayName", "roles", "size", "state", "owner"] {
            assert!(names.contains(&expected), "{}: widget lacks {expected}: {names:?}", l.locale);
        }
        assert!(names.iter().all(|n| n.is_ascii()), "{}: a property named from translated text: {names:?}", l.locale);
        // Translated primitives: typed by the JSON representation, not left as untyped JSON.
        let untyped: Vec<&str> =
            widget.properties.iter().filter(|f| matches!(f.ty, TypeRef::Json)).map(|f| f.wire_name.as_str()).collect();
        assert!(untyped.is_empty(), "{}: untyped properties {untyped:?}", l.locale);
        assert!(
            matches!(property_type(ir, "widget", "roles"), Some(TypeRef::Collection { .. })),
            "{}: roles is not a collection",
            l.locale
        );
        assert!(
            matches!(property_type(ir, "widget", "state"), Some(TypeRef::Named { ref wire_name, .. }) if wire_name == "widgetState"),
            "{}: state is not the widgetState enum: {:?}; enums {:?}; {:#?}",
            l.locale,
            property_type(ir, "widget", "state"),
            ir.enums.iter().map(|e| &e.wire_name).collect::<Vec<_>>(),
            run.diagnostics
        );
        // The enum is named by its identifier, whatever the title's word order; the
        // translated member is left out (the enum stays open) and diagnosed.
        let state = ir.enums.iter().find(|e| e.wire_name == "widgetState");
        let Some(state) = state else {
            panic!("{}: no widgetState enum: {:?}", l.locale, ir.enums.iter().map(|e| &e.wire_name).collect::<Vec<_>>())
        };
        let members: Vec<&str> = state.members.iter().map(|m| m.wire_name.as_str()).collect();
        assert_eq!(members, ["active", "inactive", "unknownFutureValue"], "{}", l.locale);
        let translated = run.diagnostics.iter().filter(|d| d.code == Code::TranslatedIdentifier).count();
        assert!(translated >= 2, "{}: {translated} translated-identifier diagnostics", l.locale);
    }
}

/// An English tree beside its translation (`--specs en --specs pt`): one type and one
/// operation per thing both document, the English page's names and types win, and
/// what only the translation has (a newer property, an operation) is added.
#[test]
fn an_original_tree_and_its_translation_read_as_one() {
    let en = graphgen_tests::temp_dir("trees-en");
    let pt = graphgen_tests::temp_dir("trees-pt");
    let write = |dir: &std::path::Path, rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let english = graphgen_tests::resource_page("widget", &[("displayName", "String"), ("size", "Int64")]);
    write(&en, "resources/widget.md", &english);
    write(&en, "resources/identityset.md", &identity_set());
    let pt_br = &LANGUAGES[0];
    let translated = resource_page(&Language { locale: "pt-BR", ..*pt_br })
        .replace("|owner|", "|extra|")
        .replace("\"owner\": {\"@odata.type\": \"microsoft.graph.identitySet\"}", "\"extra\": \"String\"");
    write(&pt, "resources/widget.md", &translated);
    write(&pt, "resources/widgetstate.md", &enum_page(&Language { locale: "pt-BR", ..*pt_br }));
    let trees = [en.clone(), pt.clone()];
    let run = Generator::default().analyse(Input::Trees(&trees)).unwrap();
    let widgets: Vec<_> = run.ir.types.iter().filter(|t| t.wire_name == "widget").collect();
    assert_eq!(widgets.len(), 1, "one widget type");
    let widget = widgets[0];
    assert_eq!(widget.source.file, "resources/widget.md", "the English page is the type's own");
    let names: Vec<&str> = widget.properties.iter().map(|p| p.wire_name.as_str()).collect();
    for expected in ["displayName", "size", "roles", "extra", "state"] {
        assert!(names.contains(&expected), "widget lacks {expected}: {names:?}");
    }
    assert!(names.iter().all(|n| n.is_ascii()), "{names:?}");
    assert!(
        matches!(property_type(&run.ir, "widget", "size"), Some(TypeRef::Primitive { .. })),
        "size keeps the English type"
    );
    assert!(run.ir.enums.iter().any(|e| e.wire_name == "widgetState"), "the enum only the translation has is added");
    assert!(
        run.pages.iter().any(|p| p.path == "pt-br/resources/widget.md"),
        "the translation's pages are known under its locale: {:?}",
        run.pages.iter().map(|p| &p.path).collect::<Vec<_>>()
    );
    let _ = (std::fs::remove_dir_all(&en), std::fs::remove_dir_all(&pt));
}
