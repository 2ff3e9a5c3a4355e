//! The real binary, run as a user runs it, in one test binary: hostile pages at
//! full size (`hostile`) and killed runs (`kill`).

mod hostile;
mod kill;
