//! Resource handles: the documented paths as a graph of addressable resources.
//!
//! Every request path is a walk from the root: each segment moves from one
//! handle to another (a relationship, a key, a cast) and the last step calls a
//! method (`get`, `list`, `create`, `update`, `delete`, or the action or
//! function the path ends in). Handles are keyed by what they address — an
//! entity type as one item or as a collection — not by where in a URL they
//! are, so `/me/events/{id}` and `/groups/{id}/calendar/events/{id}` reach the
//! same `EventHandle` and no name depends on the order of a page's path list.

/// What a handle addresses.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HandleResource {
    /// The root of the API (`/`).
    Root,
    /// One entity of the type (wire name): `/users/{id}`, `/me`.
    Item(String),
    /// A collection of the type: `/users`, `/me/events`.
    Collection(String),
    /// A place the docs give no type for (`/reports`): named after its path.
    Place(String),
}

/// One handle type of the generated crate.
#[derive(Clone, Debug)]
pub struct HandleIr {
    pub rust_name: String,
    pub resource: HandleResource,
    /// Sorted by Rust name.
    pub navigations: Vec<NavigationIr>,
    /// Sorted by Rust name.
    pub methods: Vec<HandleMethodIr>,
}

/// A step from one handle to another: the segments it appends, with its arguments.
#[derive(Clone, Debug)]
pub struct NavigationIr {
    pub rust_name: String,
    /// Index into the model's handles.
    pub target: usize,
    /// What the step appends (`/events`, `/{id}`, `/events/{id}`), parameters indexing `params`.
    pub pieces: Vec<super::PathPieceIr>,
    pub params: Vec<super::PathParamIr>,
}

/// A method of a handle: one operation, called at the handle's path.
#[derive(Clone, Debug)]
pub struct HandleMethodIr {
    pub rust_name: String,
    /// The operation's id.
    pub operation: String,
    /// The index, in the operation's paths, of the path the method was made from (its
    /// query arguments are the method's).
    pub path: usize,
    /// What the method appends to the handle's path (`/accept`, `/$value`, nothing).
    pub pieces: Vec<super::PathPieceIr>,
    pub params: Vec<super::PathParamIr>,
    /// Ids of other operations whose request this method builds too (other pages
    /// documenting the same request at another position).
    pub also: Vec<String>,
}

/// How one documented path is reached: navigations from the root, then a method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkIr {
    /// (handle, navigation index) per step, from the root handle.
    pub steps: Vec<(usize, usize)>,
    /// (handle, method index).
    pub method: (usize, usize),
}

/// The handles and how every path walks them.
#[derive(Clone, Debug, Default)]
pub struct HandleModel {
    /// Sorted by Rust name, except the root, which is first.
    pub handles: Vec<HandleIr>,
    /// Per operation id and path index: the walk. A path with no walk is diagnosed.
    pub walks: std::collections::BTreeMap<(String, usize), WalkIr>,
}

/// The text of pieces, parameters by their wire names (`/events/{id}`).
pub fn pieces_text(pieces: &[super::PathPieceIr], params: &[super::PathParamIr]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            super::PathPieceIr::Literal { text } => text.clone(),
            super::PathPieceIr::Param { index } => {
                format!("{{{}}}", params.get(*index).map_or("", |p| p.wire_name.as_str()))
            }
        })
        .collect()
}

/// A walk with its parts looked up: the navigations taken, then the handle and method.
pub struct ResolvedWalk<'a> {
    pub steps: Vec<&'a NavigationIr>,
    pub handle: &'a HandleIr,
    pub method: &'a HandleMethodIr,
}

impl HandleModel {
    /// The walk that builds path `path` of operation `id`, its parts looked up.
    pub fn walk_of(&self, id: &str, path: usize) -> Option<ResolvedWalk<'_>> {
        let walk = self.walks.get(&(id.to_owned(), path))?;
        let steps = walk.steps.iter().map(|&(h, n)| self.handles.get(h)?.navigations.get(n)).collect::<Option<_>>()?;
        let handle = self.handles.get(walk.method.0)?;
        let method = handle.methods.get(walk.method.1)?;
        Some(ResolvedWalk { steps, handle, method })
    }

    /// The method that builds path `path` of operation `id`: `UserHandle::get`.
    pub fn method_of(&self, id: &str, path: usize) -> Option<String> {
        let walk = self.walk_of(id, path)?;
        Some(format!("{}::{}", walk.handle.rust_name, walk.method.rust_name))
    }

    /// How a user reaches path `path` of operation `id`: `graph.users().user(id).events()…get()`.
    pub fn call_text(&self, id: &str, path: usize) -> Option<String> {
        let walk = self.walk_of(id, path)?;
        let args =
            |params: &[super::PathParamIr]| params.iter().map(|p| p.rust_name.as_str()).collect::<Vec<_>>().join(", ");
        let mut text = "graph".to_owned();
        for nav in &walk.steps {
            text.push_str(&format!(".{}({})", nav.rust_name, args(&nav.params)));
        }
        text.push_str(&format!(".{}({})", walk.method.rust_name, args(&walk.method.params)));
        Some(text)
    }
}
