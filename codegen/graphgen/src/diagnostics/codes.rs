//! The registry of diagnostic codes: every code the generator can report, with
//! the one line that says what it means. The README's table of codes is
//! generated from it ([`markdown_table`]) and checked by the tests.

macro_rules! codes {
    ($( #[doc = $doc:literal] $variant:ident = $name:literal, )*) => {
        /// A diagnostic's stable, machine-readable code (`missing-include`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $( #[doc = $doc] $variant, )*
        }

        impl Code {
            /// Every code, in the registry's order.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The code as printed: `missing-include`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// What the code means, in one line.
            pub fn doc(self) -> &'static str {
                match self { $( Code::$variant => $doc.trim_ascii(), )* }
            }
        }
    };
}

codes! {
    // Reading files
    /// The file cannot be read; it is left out.
    Unreadable = "unreadable",
    /// The file is not valid UTF-8; invalid bytes are replaced.
    NotUtf8 = "not-utf8",
    /// Front matter opened with `---` is never closed; the file is read as having none.
    FrontMatterUnclosed = "front-matter-unclosed",
    /// The front matter is not a YAML mapping; it is read line by line.
    FrontMatterInvalid = "front-matter-invalid",
    /// A code fence closes at the end of a content line; read as if the fence were on its own line.
    FenceClosedMidLine = "fence-closed-mid-line",
    /// A code fence is never closed; it runs to the end of the file (or of its list or quote).
    UnclosedFence = "unclosed-fence",
    /// An HTML comment is never closed; the rest of the file is hidden in it.
    UnclosedComment = "unclosed-comment",
    /// An annotation comment (`<!-- { "blockType": … } -->`) is not JSON even after repair; ignored.
    AnnotationInvalidJson = "annotation-invalid-json",
    /// An annotation comment is not strict JSON; it was repaired.
    AnnotationLenientJson = "annotation-lenient-json",
    /// A JSON body of a plain-text page never closes its brackets; read up to the next section.
    UnbalancedJson = "unbalanced-json",
    // Pages
    /// The page is not an API, resource or enum page (a how-to, a concept page); it produces nothing.
    PageSkipped = "page-skipped",
    /// The page has no `# title` heading.
    MissingTitle = "missing-title",
    /// A bug: the generator failed on this page, which is skipped. Please report it.
    InternalError = "internal-error",
    /// An earlier attempt of the run died by a fatal signal on this page, which is left out.
    PageCrashed = "page-crashed",
    /// Something nests deeper than the generator follows (JSON, front matter, base types); cut, page kept.
    NestingTooDeep = "nesting-too-deep",
    /// A page lists more rows, lines or examples than the generator keeps; the rest are left out.
    TooManyItems = "too-many-items",
    /// One code repeated more than 100 times on one page: the rest are counted in this one line.
    DiagnosticsLeftOut = "diagnostics-left-out",
    // API pages: request
    /// An API page has no HTTP request section; no operation.
    NoHttpRequest = "no-http-request",
    /// The HTTP request section has no `METHOD /path` line; no operation.
    NoHttpPath = "no-http-path",
    /// A line of the HTTP request section is not `METHOD /path`; ignored.
    HttpLineIgnored = "http-line-ignored",
    /// A request line has no usable path; ignored.
    HttpPathInvalid = "http-path-invalid",
    /// A request path has more segments or parameters than a generated function takes; refused.
    PathTooLong = "path-too-long",
    /// A request line's method is not an HTTP method; no operation.
    HttpMethodUnknown = "http-method-unknown",
    /// A documented request header name is not a valid header name; row skipped.
    HeaderNameInvalid = "header-name-invalid",
    /// A query parameter is documented twice; the first row is kept.
    DuplicateParameter = "duplicate-parameter",
    /// The request body section is empty.
    RequestBodyEmpty = "request-body-empty",
    /// The request body section does not say what to send; the body is untyped JSON.
    RequestBodyUnknown = "request-body-unknown",
    // API pages: permissions
    /// The page has no permissions section.
    NoPermissions = "no-permissions",
    /// The permissions section has no table and no include.
    NoPermissionTable = "no-permission-table",
    /// A permissions `[!INCLUDE]` cannot be read; permissions unknown unless another page fills them.
    MissingInclude = "missing-include",
    /// An included file has no permission table.
    IncludeWithoutPermissions = "include-without-permissions",
    /// A permission table has no rows.
    PermissionTableEmpty = "permission-table-empty",
    /// A permission row's type is not one of the three permission types; row skipped.
    PermissionTypeUnknown = "permission-type-unknown",
    /// A permission row has no scope cell.
    PermissionRowIncomplete = "permission-row-incomplete",
    /// A permission cell names no permission; read as not supported.
    PermissionScopesUnreadable = "permission-scopes-unreadable",
    /// No permissions are known for an operation (none on the page or its translations).
    PermissionsUnknown = "permissions-unknown",
    // API pages: response and examples
    /// The page has no response section; no response body is assumed.
    NoResponseSection = "no-response-section",
    /// The response section names no status code.
    NoStatusCode = "no-status-code",
    /// The response names no type but the examples have a body; the result is untyped JSON.
    ResponseTypeUnknown = "response-type-unknown",
    /// An example body is not usable JSON; not used for round trips.
    ExampleJsonInvalid = "example-json-invalid",
    /// An example body is not strict JSON; it was repaired (and is not used for round trips).
    ExampleJsonRepaired = "example-json-repaired",
    /// An example body is not JSON (a binary or text body); not used for round trips.
    ExampleBodyNotJson = "example-body-not-json",
    /// A JSON fence follows no request or response; ignored.
    ExampleJsonOrphan = "example-json-orphan",
    /// An example does not fit its documented type; not used for round trips.
    ExampleTypeMismatch = "example-type-mismatch",
    /// An example's shape (object, page, wrapped value, no body, bytes) is not the operation's; not used.
    ExampleShapeMismatch = "example-shape-mismatch",
    /// An example key lands in `additional_properties` though another type documents it.
    ExamplePropertyUntyped = "example-property-untyped",
    /// An example key an open type does not declare: a dynamic property, kept in `additional_properties`.
    ExamplePropertyDynamic = "example-property-dynamic",
    /// An example key no page documents; it lands in `additional_properties`.
    ExamplePropertyUndocumented = "example-property-undocumented",
    /// An example object of a base type has a derived type's keys but no `@odata.type`; read as the derived type.
    ExampleOdataTypeMissing = "example-odata-type-missing",
    /// A `$ref` request's body is an entity reference (`@odata.id`), whatever type the page names.
    ReferenceBody = "reference-body",
    /// An open type with no property table: its JSON representation's members are dynamic properties.
    OpenTypeDynamicProperties = "open-type-dynamic-properties",
    /// An update's request body section names no type; the entity it updates is sent.
    RequestBodyFromResource = "request-body-from-resource",
    /// A parameter or create property marked "Required." is left out (or null) by an example's request; it is not enforced.
    RequiredParameterNotSent = "required-parameter-not-sent",
    /// An action's parameters are sent inside one property (the example's `{"passwordCredential": {…}}`).
    ParametersWrapped = "parameters-wrapped",
    /// An action parameter's table name differs in case from the key its examples send; the examples' spelling is used.
    ParameterNameCase = "parameter-name-case",
    /// A property's table name differs in case from the key every example of its type sends; the examples' spelling is used.
    PropertyNameCase = "property-name-case",
    /// An API page's example is of another operation (its URL matches that one's path); checked against that one.
    ExampleOfAnotherOperation = "example-of-another-operation",
    /// An example response's annotation names another type than the operation's, whose keys it has; checked against that type.
    ExampleOfAnotherType = "example-of-another-type",
    /// The response prose names no type; the type the example response's annotation names is used.
    ResponseTypeFromAnnotation = "response-type-from-annotation",
    /// The response prose and the examples' annotations name different types; the one the examples' keys are is used.
    ResponseTypeConflict = "response-type-conflict",
    // Resource and enum pages
    /// A resource page names no type (no title, no `@odata.type`).
    ResourceNameMissing = "resource-name-missing",
    /// A resource page has no property table.
    ResourceWithoutProperties = "resource-without-properties",
    /// A resource page's property table is empty or unreadable; its properties come from its JSON representation.
    PropertiesFromJsonRepresentation = "properties-from-json-representation",
    /// A property is in a resource page's JSON representation but in none of its tables; read from there.
    PropertyOnlyInJsonRepresentation = "property-only-in-json-representation",
    /// A property name is not a name (it has spaces); row skipped.
    PropertyNameInvalid = "property-name-invalid",
    /// A name, enum member or header in a table is translated text, not an identifier; it is not emitted as a wire value or Rust name, and is recovered from the page's JSON when it can be.
    TranslatedIdentifier = "translated-identifier",
    /// A documented request path takes a step the model does not have: the type it leaves declares no relationship by that name, but one by a near spelling.
    PathNotInModel = "path-not-in-model",
    /// A documented method cannot apply to its path: `POST` on a function call with arguments, `PATCH` on a collection.
    MethodNotAllowed = "method-not-allowed",
    /// A property's type column is translated prose no table knows; its type is read from the JSON representation.
    TypeFromJsonRepresentation = "type-from-json-representation",
    /// A table's header disagrees with its section (a "Relationship" table under Properties); the section wins.
    TableHeaderMismatch = "table-header-mismatch",
    /// A property has no type; it is untyped JSON.
    PropertyTypeMissing = "property-type-missing",
    /// A property is listed twice; the first row is kept.
    DuplicateProperty = "duplicate-property",
    /// An enum page has no title naming the type.
    EnumNameMissing = "enum-name-missing",
    /// An enum page lists no members.
    EnumWithoutMembers = "enum-without-members",
    /// An enum member is not a name; row skipped.
    EnumMemberInvalid = "enum-member-invalid",
    /// An enum member is listed twice.
    DuplicateEnumMember = "duplicate-enum-member",
    // The model across pages
    /// A type is defined by more than one page; its own page is used and the others' extra properties added.
    DuplicateType = "duplicate-type",
    /// Two pages give one property of a type different types; the type's own page wins.
    PropertyConflict = "property-conflict",
    /// Several pages document one operation; the resource's own page is used and the others' paths added.
    DuplicateOperation = "duplicate-operation",
    /// The table of contents lists a page under several areas and none is its resource's; the first is used.
    AreaAmbiguous = "area-ambiguous",
    /// A type has no resource or enum page; it is untyped JSON.
    UnresolvedType = "unresolved-type",
    /// A type has no resource page; it is built from the request body table.
    TypeFromBodyTable = "type-from-body-table",
    /// An enum has no page; its members come from an inline list of possible values.
    EnumFromInlineValues = "enum-from-inline-values",
    /// Base types form a cycle; the chain is cut.
    BaseTypeCycle = "base-type-cycle",
    /// An API page's request lines use several HTTP methods; it documents one operation per method.
    PageMethodsSplit = "page-methods-split",
    /// An API page's request lines address both a resource and its bytes (`$value`, `content`); it documents one operation for each.
    PageMediaSplit = "page-media-split",
    /// A resource page names no base type, but every example of the type has all of another documented base type's properties; that is its base.
    BaseTypeFromExamples = "base-type-from-examples",
    /// A gap of the English page (permissions) is filled from a translation.
    PermissionsFromTranslation = "permissions-from-translation",
    /// A translation disagrees with the English page; the English page wins.
    TranslationConflict = "translation-conflict",
}

impl Code {
    /// The code of a printed name (`missing-include`), if it is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

/// The README's table of codes: one row per code, in the registry's order.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | what it means |\n| --- | --- |\n");
    for code in Code::ALL {
        out.push_str(&format!("| `{}` | {} |\n", code.as_str(), code.doc().replace('|', "\\|")));
    }
    out
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Codes sort by name, as they print.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{name}");
            assert!(code.doc().ends_with('.') && code.doc().len() > 20, "{name}: {}", code.doc());
            assert_eq!(Code::from_name(name), Some(*code));
        }
    }
}
