//! What generated code builds and users chain: the [`Call`] each request builder wraps, the
//! [`Operation`] trait its parameters implement, parameters in their wire format, and the streams
//! of paginated lists. Below this layer, nothing imports from it.

mod call;
mod form;
mod operation;
mod pagination;
mod param;
mod query;
mod untyped;

pub use call::{Call, IntoCall};
pub use form::{FilePart, FormBody, MultipartBody};
pub use operation::{
    BinaryBody, Operation, RequestParts, decode_bytes, decode_empty, decode_error_json, decode_json, decode_text,
    missing_body,
};
pub use pagination::{ItemStream, MAX_EMPTY_PAGES, Page, Paginated};
pub use param::{ToParam, ToParamValues, path_segment};
pub use query::ObjectStyle;
