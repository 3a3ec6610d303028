//! The status of a documented error response: IR data that `naming` names variants after, below both.

/// The status (or statuses) a documented error response is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorStatus {
    Code(u16),
    /// Every status of the class (`4` for `4XX`).
    Class(u16),
    /// Every failure status the operation documents nothing more precise for.
    Default,
}
