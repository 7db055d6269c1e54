//! What every module file repeats: the `Any` casts.

/// Implements `as_any`/`as_any_mut` inside an `impl Module`.
#[macro_export]
macro_rules! module_any {
    () => {
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
            self
        }
    };
}
