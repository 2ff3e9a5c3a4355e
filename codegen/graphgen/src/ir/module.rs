//! Where an item lives in the generated crate: an area's module, or the shared one.

/// Where an item lives in the generated crate.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    /// The types more than one area uses (`common`), each compiled with the features
    /// its `features` name (always, when they name none).
    Shared,
    /// One API area, behind the cargo feature of its name (`users`, `device_management`).
    /// Never one of [`Module::RESERVED`]: lower renames an area of such a name.
    Area(String),
}

impl Module {
    /// The file stem and feature name of the shared module.
    pub const SHARED_NAME: &str = "common";

    /// The feature that enables every area.
    pub const ALL_AREAS: &str = "full";

    /// Names an area may not take: the shared module's and the crate's other features.
    pub const RESERVED: [&str; 5] = [Module::SHARED_NAME, Module::ALL_AREAS, "client", "blocking", "default"];

    /// The Rust module name (and, for an area, its feature).
    pub fn name(&self) -> &str {
        match self {
            Module::Shared => Module::SHARED_NAME,
            Module::Area(name) => name,
        }
    }

    pub fn is_shared(&self) -> bool {
        matches!(self, Module::Shared)
    }
}

/// Modules sort by name, as their files do.
impl Ord for Module {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Module {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
