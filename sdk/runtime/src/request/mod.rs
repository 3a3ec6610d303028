//! The runtime the generated operations drive: request builders, request parts, union decoding,
//! pagination. Application code rarely names these items; they appear in signatures.

pub(crate) mod call;
mod operation;
mod pagination;
mod tagged;
mod union;

pub use call::Call;
pub use operation::{
    ErrorStatuses, Method, Operation, OperationInfo, RequestParts, ToParam, decode_empty, decode_json, missing_body,
    path_segment,
};
pub use pagination::{ItemStream, MAX_EMPTY_PAGES, Page, Paginated};
pub use tagged::serialize_tagged;
pub use union::{Shape, best_fit, member_by_tag};
