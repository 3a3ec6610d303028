//! [`Error::into_untyped`]: every operation's errors as `Error<RawJson>`. It is here, not in
//! `error/`, because it names `RawJson` (`model/`), and the bottom layers do not use each other.

use crate::error::Error;
use crate::model::RawJson;

impl<E> Error<E> {
    /// The same error with, for an [`Error::Api`], the body as the server sent it (with the client's
    /// secrets blanked out, as [`ApiError::body`](crate::ApiError::body) decodes it) instead of the
    /// decoded `E`: fields `E` does not know are kept, and every operation's errors fit in
    /// `Error<RawJson>`. An `Api` error whose body is not JSON (a documented body of another
    /// format) becomes an [`Error::UnexpectedStatus`] keeping that body. Every other case is kept as
    /// it is. To turn the body into a type of your own instead, see [`Error::map_body`].
    pub fn into_untyped(self) -> Error<RawJson> {
        self.redecode()
    }
}
