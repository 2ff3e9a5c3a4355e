//! The real binary, run as a user runs it, in one test binary: hostile pages at
//! full size (`hostile`), killed runs (`kill`) and `graphgen diff` (`diff`).

mod diff;
mod hostile;
mod kill;
