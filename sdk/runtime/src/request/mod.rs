//! What generated code builds and users chain: the [`Call`] each request builder wraps, the
//! [`Operation`] trait its parameters implement, parameters in their wire format, and the streams
//! of paginated lists. Below this layer, nothing imports from it.

mod call;
mod operation;
mod pagination;
mod param;
mod untyped;

pub use call::{Call, IntoCall};
pub use operation::{Operation, RequestParts, decode_empty, decode_error_json, decode_json, missing_body};
pub use pagination::{ItemStream, MAX_EMPTY_PAGES, Page, Paginated};
pub use param::{ToParam, path_segment, server_variable};
