//! Names to modules. The list itself is `crate::modules::registry()`; a test
//! or a plug-in adds to it with `add`.

use super::module::Module;

type Constructor = Box<dyn Fn() -> Box<dyn Module>>;

#[derive(Default)]
pub struct Registry {
    entries: Vec<(&'static str, Constructor)>,
}

impl Registry {
    /// Adds (or replaces) the module called `name`.
    pub fn add(&mut self, name: &'static str, make: impl Fn() -> Box<dyn Module> + 'static) {
        self.entries.retain(|(n, _)| *n != name);
        self.entries.push((name, Box::new(make)));
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.entries.iter().map(|(n, _)| *n).collect()
    }

    pub fn build(&self, name: &str) -> Option<Box<dyn Module>> {
        self.entries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, make)| make())
    }
}
