//! `codegen::diff` on small specs, one case per rule: each case edits `fixtures/api_diff/base.yaml`
//! into an old and a new spec that differ by one kind of change, and pins the exact list of
//! `(rule, subject)` the comparison reports, so that a wrong classification, a missed change or an
//! extra one fails. The printed reports of every case are kept in one snapshot for review
//! (`snapshots/api_diff__fixture_reports.snap`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use codegen::Options;
use codegen::diff::{self, Impact, Rule};

fn base() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/api_diff/base.yaml");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Replaces each `find` (which must occur exactly once) with its `replace`.
fn edit(case: &str, text: &str, edits: &[(&str, &str)]) -> String {
    let mut text = text.to_owned();
    for (find, replace) in edits {
        let n = text.matches(find).count();
        assert_eq!(n, 1, "case {case}: {find:?} must occur exactly once in the spec, found {n} times");
        text = text.replacen(find, replace, 1);
    }
    text
}

struct Case {
    name: &'static str,
    old: &'static [(&'static str, &'static str)],
    new: &'static [(&'static str, &'static str)],
    expected: &'static [(Rule, &'static str)],
}

const fn case(
    name: &'static str,
    old: &'static [(&'static str, &'static str)],
    new: &'static [(&'static str, &'static str)],
    expected: &'static [(Rule, &'static str)],
) -> Case {
    Case { name, old, new, expected }
}

// Edits used by several cases.
/// An array query parameter for `listItems`, repeated once per value (`form`, exploded).
const TAGS_PARAM: (&str, &str) = (
    "        - name: kind\n          in: query\n",
    "        - name: tags\n          in: query\n          schema:\n            type: array\n            items:\n              type: string\n        - name: kind\n          in: query\n",
);
const GET_ITEM: (&str, &str) = (
    "  /items/{itemID}/events/{eventID}:\n",
    "  /items/{itemID}:
    get:
      operationId: getItem
      parameters:
        - name: itemID
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
  /items/{itemID}/events/{eventID}:\n",
);
/// `sendEvent`'s body as a multipart form with one file.
const MULTIPART_EVENT_BODY: (&str, &str) = (
    "          application/json:\n            schema:\n              $ref: '#/components/schemas/Money'",
    "          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                file:\n                  type: string\n                  format: binary\n",
);
/// `sendEvent` answers with text.
const TEXT_EVENT_RESPONSE: (&str, &str) = (
    "        '204':\n          description: Sent.\n",
    "        '200':\n          description: Sent.\n          content:\n            text/plain:\n              schema:\n                type: string\n",
);
const UPDATE_ITEM: (&str, &str) = (
    "  /items/{itemID}/events/{eventID}:\n",
    "  /items/{itemID}:
    put:
      operationId: updateItem
      parameters:
        - name: itemID
          in: path
          required: true
          schema:
            type: string
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Item'
      responses:
        '204':
          description: Updated.
  /items/{itemID}/events/{eventID}:\n",
);
const REQUIRED_LEDGER: (&str, &str) = (
    "      parameters:\n        - name: cursor\n",
    "      parameters:\n        - name: ledger\n          in: query\n          required: true\n          schema:\n            type: string\n        - name: cursor\n",
);
const OPTIONAL_NAME: (&str, &str) = (
    "      parameters:\n        - name: cursor\n",
    "      parameters:\n        - name: name\n          in: query\n          schema:\n            type: string\n        - name: cursor\n",
);
const REQUIRED_PAGE_SIZE: (&str, &str) = (
    "            format: int64\n            minimum: 0\n",
    "            format: int64\n            minimum: 0\n          required: true\n",
);
/// `listItems` answers with a documented `Count` header (the page holds its items).
const COUNT_HEADER: (&str, &str) = (
    "          description: A page of items.\n",
    "          description: A page of items.\n          headers:\n            Count:\n              schema:\n                type: integer\n                format: bigint\n",
);
/// ... and a `X-Rate-Limit` one, after it.
const RATE_LIMIT_HEADER: (&str, &str) = (
    "                format: bigint\n",
    "                format: bigint\n            X-Rate-Limit:\n              schema:\n                type: integer\n",
);
const NO_EVENT_BODY: (&str, &str) = (
    "      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Money'\n",
    "",
);
const REQUIRED_EVENT_BODY: (&str, &str) = (
    "      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Money'\n",
    "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Money'\n",
);
const WRITE_SCOPE: (&str, &str) = (
    "    post:\n      operationId: createItem\n",
    "    post:\n      operationId: createItem\n      security:\n        - Authorization:\n            - read\n            - write\n",
);
const NO_CURSOR: (&str, &str) =
    ("        - name: cursor\n          in: query\n          schema:\n            type: string\n", "");
const NOTE_SCHEMA: (&str, &str) = (
    "  schemas:\n",
    "  schemas:\n    Note:\n      type: object\n      properties:\n        text:\n          type: string\n",
);
const ITEM_DATA_NAME_OPTIONAL: (&str, &str) =
    ("    ItemData:\n      type: object\n      required:\n        - name\n", "    ItemData:\n      type: object\n");
const ITEM_DATA_KIND: (&str, &str) = (
    "      required:\n        - name\n      properties:\n",
    "      required:\n        - name\n        - kind\n      properties:\n        kind:\n          $ref: '#/components/schemas/Kind'\n",
);
const KIND_MEDIUM: (&str, &str) =
    ("        - fast\n        - slow\n", "        - fast\n        - medium\n        - slow\n");
const STAGE_STOP: (&str, &str) = (
    "          wait: '#/components/schemas/StageWait'\n",
    "          wait: '#/components/schemas/StageWait'\n          stop: '#/components/schemas/StageStop'\n    StageStop:\n      type: object\n      required:\n        - kind\n      properties:\n        kind:\n          type: string\n",
);
const STAGE_STOP_MEMBER: (&str, &str) = (
    "        - $ref: '#/components/schemas/StageWait'\n",
    "        - $ref: '#/components/schemas/StageWait'\n        - $ref: '#/components/schemas/StageStop'\n",
);

const PROBLEM_SCHEMA: (&str, &str) = (
    "  schemas:\n",
    "  schemas:\n    Problem:\n      type: object\n      properties:\n        title:\n          type: string\n",
);
/// `createItem` documents its own body for 400: `Error<Problem>`.
const CREATE_ITEM_400_PROBLEM: (&str, &str) = (
    "        '400':\n          $ref: '#/components/responses/Error'\n",
    "        '400':\n          description: Invalid.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n",
);
/// ... and the common body for 5XX: an enum `CreateItemError` (`Status400`, `Status5xx`).
const CREATE_ITEM_5XX_ERROR: (&str, &str) = (
    "                $ref: '#/components/schemas/Problem'\n",
    "                $ref: '#/components/schemas/Problem'\n        5XX:\n          $ref: '#/components/responses/Error'\n",
);
/// ... and 404 with the same body as 400: a variant `Status404`.
const CREATE_ITEM_404_PROBLEM: (&str, &str) = (
    "        5XX:\n",
    "        '404':\n          description: Missing.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n        5XX:\n",
);
/// A v2 `listItems` next to the v1 one: operations are grouped by tag.
const V2_LIST_ITEMS: (&str, &str) = (
    "  /items/{itemID}/events/{eventID}:\n",
    "  /v2/items:\n    get:\n      operationId: v2ListItems\n      x-speakeasy-name-override: listItems\n      tags: [v2]\n      responses:\n        '204':\n          description: Listed.\n  /items/{itemID}/events/{eventID}:\n",
);
const LIST_ITEMS_V1_TAG: (&str, &str) =
    ("      operationId: listItems\n", "      operationId: listItems\n      tags: [v1]\n");

fn cases() -> Vec<Case> {
    use Rule::*;
    vec![
        case("identical", &[], &[], &[]),
        case(
            "documentation_only",
            &[],
            &[(
                "      operationId: listItems\n",
                "      operationId: listItems\n      summary: Lists items.\n      description: Every item, a page at a time.\n",
            )],
            &[],
        ),
        // Operations.
        case("operation_added", &[], &[GET_ITEM], &[(OperationAdded, "Client::get_item")]),
        case("operation_removed", &[GET_ITEM], &[], &[(OperationRemoved, "Client::get_item")]),
        case(
            "operation_renamed_by_name_override",
            &[],
            &[(
                "      operationId: sendEvent\n",
                "      operationId: sendEvent\n      x-speakeasy-name-override: postEvent\n",
            )],
            &[(OperationRenamed, "Client::post_event")],
        ),
        case(
            "operation_route_changed",
            &[],
            &[("    put:\n      operationId: sendEvent\n", "    post:\n      operationId: sendEvent\n")],
            &[(OperationRouteChanged, "Client::send_event")],
        ),
        case("required_param_added", &[], &[REQUIRED_LEDGER], &[(RequiredParamAdded, "Client::list_items")]),
        case("optional_param_added", &[], &[OPTIONAL_NAME], &[(OptionalParamAdded, "Client::list_items")]),
        case("required_param_removed", &[REQUIRED_LEDGER], &[], &[(RequiredParamRemoved, "Client::list_items")]),
        case("optional_param_removed", &[OPTIONAL_NAME], &[], &[(OptionalParamRemoved, "Client::list_items")]),
        case(
            "param_type_changed",
            &[],
            &[(
                "            format: int64\n            minimum: 0\n",
                "            format: int32\n            minimum: 0\n",
            )],
            &[(ParamTypeChanged, "Client::list_items")],
        ),
        case("param_became_required", &[], &[REQUIRED_PAGE_SIZE], &[(ParamBecameRequired, "Client::list_items")]),
        case("param_became_optional", &[REQUIRED_PAGE_SIZE], &[], &[(ParamBecameOptional, "Client::list_items")]),
        case(
            "required_params_reordered",
            &[],
            &[("  /items/{itemID}/events/{eventID}:\n", "  /events/{eventID}/items/{itemID}:\n")],
            &[(OperationRouteChanged, "Client::send_event"), (RequiredParamsReordered, "Client::send_event")],
        ),
        case(
            "param_moved_to_a_header",
            &[],
            &[("        - name: kind\n          in: query\n", "        - name: kind\n          in: header\n")],
            &[(ParamWireChanged, "Client::list_items")],
        ),
        case(
            "param_style_changed",
            &[TAGS_PARAM],
            &[
                TAGS_PARAM,
                (
                    "          in: query\n          schema:\n            type: array\n",
                    "          in: query\n          explode: false\n          schema:\n            type: array\n",
                ),
            ],
            &[(ParamWireChanged, "Client::list_items")],
        ),
        case("body_added", &[NO_EVENT_BODY], &[], &[(BodyAdded, "Client::send_event")]),
        case(
            "required_body_added",
            &[NO_EVENT_BODY],
            &[REQUIRED_EVENT_BODY],
            &[(RequiredBodyAdded, "Client::send_event")],
        ),
        case("body_removed", &[], &[NO_EVENT_BODY], &[(BodyRemoved, "Client::send_event")]),
        case(
            "body_type_changed",
            &[],
            &[(
                "              $ref: '#/components/schemas/Money'\n      responses:\n        '204':",
                "              $ref: '#/components/schemas/Kind'\n      responses:\n        '204':",
            )],
            &[(BodyTypeChanged, "Client::send_event")],
        ),
        case("body_became_required", &[], &[REQUIRED_EVENT_BODY], &[(BodyBecameRequired, "Client::send_event")]),
        case(
            "body_media_type_changed",
            &[],
            &[(
                "          application/json:\n            schema:\n              $ref: '#/components/schemas/Money'",
                "          application/x-www-form-urlencoded:\n            schema:\n              $ref: '#/components/schemas/Money'",
            )],
            &[(BodyMediaTypeChanged, "Client::send_event")],
        ),
        case(
            "multipart_fields_changed",
            &[MULTIPART_EVENT_BODY],
            &[
                MULTIPART_EVENT_BODY,
                (
                    "                  format: binary\n",
                    "                  format: binary\n                note:\n                  type: string\n",
                ),
            ],
            &[(BodyTypeChanged, "Client::send_event")],
        ),
        case(
            "body_became_optional",
            &[],
            &[("      requestBody:\n        required: true\n", "      requestBody:\n        required: false\n")],
            &[(BodyBecameOptional, "Client::create_item")],
        ),
        case(
            "response_type_changed",
            &[],
            &[(
                "        '204':\n          description: Sent.\n",
                "        '200':\n          description: Sent.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Item'\n",
            )],
            &[(ResponseTypeChanged, "Client::send_event"), (SuccessStatusChanged, "Client::send_event")],
        ),
        case(
            "success_status_changed",
            &[],
            &[(
                "        '201':\n          description: Created.\n",
                "        '200':\n          description: Created.\n",
            )],
            &[(SuccessStatusChanged, "Client::create_item")],
        ),
        case(
            "response_media_type_changed",
            &[TEXT_EVENT_RESPONSE],
            &[(
                "        '204':\n          description: Sent.\n",
                "        '200':\n          description: Sent.\n          content:\n            application/json:\n              schema:\n                type: string\n",
            )],
            &[(ResponseMediaTypeChanged, "Client::send_event")],
        ),
        case(
            "error_statuses_added",
            &[],
            &[(
                "        '400':\n          $ref: '#/components/responses/Error'\n",
                "        '400':\n          $ref: '#/components/responses/Error'\n        5XX:\n          $ref: '#/components/responses/Error'\n",
            )],
            &[(ErrorStatusesAdded, "Client::create_item")],
        ),
        case(
            "error_statuses_removed",
            &[],
            &[(
                "                $ref: '#/components/schemas/ItemPage'\n        default:\n",
                "                $ref: '#/components/schemas/ItemPage'\n        '404':\n",
            )],
            &[(ErrorStatusesRemoved, "Client::list_items")],
        ),
        case(
            "error_body_changed",
            &[],
            &[
                (
                    "          schema:\n            $ref: '#/components/schemas/Error'\n",
                    "          schema:\n            $ref: '#/components/schemas/Problem'\n",
                ),
                (
                    "  schemas:\n",
                    "  schemas:\n    Problem:\n      type: object\n      properties:\n        title:\n          type: string\n",
                ),
            ],
            // `Error` is now used by no operation: users may build it, so it gains a constructor.
            &[(ErrorBodyChanged, "ApiErrorBody"), (NowInRequests, "Error"), (TypeAdded, "Problem")],
        ),
        case(
            "error_body_changed_to_a_model_used_by_no_operation",
            &[(
                "  schemas:\n",
                "  schemas:\n    Problem:\n      type: object\n      properties:\n        title:\n          type: string\n",
            )],
            &[
                (
                    "          schema:\n            $ref: '#/components/schemas/Error'\n",
                    "          schema:\n            $ref: '#/components/schemas/Problem'\n",
                ),
                (
                    "  schemas:\n",
                    "  schemas:\n    Problem:\n      type: object\n      properties:\n        title:\n          type: string\n",
                ),
            ],
            // `Problem`, used by no operation, could be built by users; read in responses only, it cannot.
            &[(ErrorBodyChanged, "ApiErrorBody"), (NowInRequests, "Error"), (NoLongerInRequests, "Problem")],
        ),
        case(
            "error_type_changed",
            &[PROBLEM_SCHEMA],
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM],
            // `Problem`, used by no operation before, could be built by users.
            &[(ErrorTypeChanged, "Client::create_item"), (NoLongerInRequests, "Problem")],
        ),
        case(
            "error_type_became_an_enum",
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM],
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM, CREATE_ITEM_5XX_ERROR],
            &[(ErrorStatusesAdded, "Client::create_item"), (ErrorTypeChanged, "Client::create_item")],
        ),
        case(
            "error_variant_added",
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM, CREATE_ITEM_5XX_ERROR],
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM, CREATE_ITEM_5XX_ERROR, CREATE_ITEM_404_PROBLEM],
            &[(ErrorStatusesAdded, "Client::create_item"), (ErrorVariantAdded, "CreateItemError::Status404")],
        ),
        case(
            "error_variant_removed",
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM, CREATE_ITEM_5XX_ERROR, CREATE_ITEM_404_PROBLEM],
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM, CREATE_ITEM_5XX_ERROR],
            &[(ErrorStatusesRemoved, "Client::create_item"), (ErrorVariantRemoved, "CreateItemError::Status404")],
        ),
        case(
            "error_variant_type_changed",
            &[PROBLEM_SCHEMA, CREATE_ITEM_400_PROBLEM, CREATE_ITEM_5XX_ERROR],
            &[
                PROBLEM_SCHEMA,
                CREATE_ITEM_400_PROBLEM,
                CREATE_ITEM_5XX_ERROR,
                ("schemas/Problem'\n        5XX:", "schemas/Item'\n        5XX:"),
            ],
            // `Problem` is no longer used by any operation: users may build it.
            &[(ErrorVariantTypeChanged, "CreateItemError::Status400"), (NowInRequests, "Problem")],
        ),
        case(
            "operations_grouped_by_tag",
            &[],
            &[LIST_ITEMS_V1_TAG, V2_LIST_ITEMS],
            &[(OperationRenamed, "Client::v1().list_items"), (OperationAdded, "Client::v2().list_items")],
        ),
        case("scope_added", &[], &[WRITE_SCOPE], &[(ScopeAdded, "Client::create_item")]),
        case("scope_removed", &[WRITE_SCOPE], &[], &[(ScopeRemoved, "Client::create_item")]),
        case(
            "pagination_gained",
            &[NO_CURSOR],
            &[],
            &[(OptionalParamAdded, "Client::list_items"), (PaginationGained, "Client::list_items")],
        ),
        case(
            "pagination_lost",
            &[],
            &[NO_CURSOR],
            &[(OptionalParamRemoved, "Client::list_items"), (PaginationLost, "Client::list_items")],
        ),
        case(
            "pagination_item_changed",
            &[],
            &[(
                "              items:\n                $ref: '#/components/schemas/Item'\n",
                "              items:\n                $ref: '#/components/schemas/Money'\n",
            )],
            &[(PaginationItemChanged, "Client::list_items"), (FieldTypeChanged, "ItemPageCursor.data")],
        ),
        // Models.
        case("type_added", &[], &[NOTE_SCHEMA], &[(TypeAdded, "Note")]),
        case("type_removed", &[NOTE_SCHEMA], &[], &[(TypeRemoved, "Note")]),
        case(
            "type_renamed_with_its_operation",
            &[],
            &[("      operationId: createItem\n", "      operationId: addItem\n")],
            &[
                (OperationRenamed, "Client::add_item"),
                (ResponseTypeChanged, "Client::add_item"),
                (TypeRenamed, "AddItemResponse"),
            ],
        ),
        case(
            "type_kind_changed",
            &[],
            &[("    Label:\n      type: string\n", "    Label:\n      type: string\n      enum:\n        - red\n")],
            &[(TypeKindChanged, "Label")],
        ),
        case(
            "alias_target_changed",
            &[],
            &[("    Label:\n      type: string\n", "    Label:\n      type: boolean\n")],
            &[(AliasTargetChanged, "Label")],
        ),
        case(
            "optional_field_added",
            &[],
            &[(
                "        id:\n          type: string\n",
                "        id:\n          type: string\n        color:\n          type: string\n",
            )],
            &[(OptionalFieldAdded, "Item.color")],
        ),
        case(
            "required_field_added_to_a_request_model",
            &[],
            &[
                ("      required:\n        - name\n", "      required:\n        - name\n        - owner\n"),
                ("    Item:\n", "        owner:\n          type: string\n    Item:\n"),
            ],
            &[(RequiredFieldAddedToRequest, "ItemData.owner")],
        ),
        case(
            "required_field_added_to_a_response_model",
            &[],
            &[(
                "        - id\n        - name\n      properties:\n        id:\n          type: string\n",
                "        - id\n        - name\n        - createdAt\n      properties:\n        id:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n",
            )],
            &[(RequiredFieldAddedToResponse, "Item.created_at")],
        ),
        case(
            "required_field_added_to_a_model_of_both_directions",
            &[],
            &[(
                "        - amount\n      properties:\n        amount:\n",
                "        - amount\n        - scale\n      properties:\n        scale:\n          type: integer\n        amount:\n",
            )],
            &[(RequiredFieldAddedToRequest, "Money.scale")],
        ),
        case(
            "field_removed",
            &[],
            &[(
                "        id:\n          type: string\n        name:\n          type: string\n        note:\n          type: string\n",
                "        id:\n          type: string\n        name:\n          type: string\n",
            )],
            &[(FieldRemoved, "Item.note")],
        ),
        case(
            "field_type_changed",
            &[],
            &[(
                "        id:\n          type: string\n",
                "        id:\n          type: string\n          format: uuid\n",
            )],
            &[(FieldTypeChanged, "Item.id")],
        ),
        case(
            "optional_field_named_like_a_method_added_to_a_request_model",
            &[],
            &[(
                "        note:\n          type: string\n        price:\n",
                "        note:\n          type: string\n        new:\n          type: boolean\n        price:\n",
            )],
            // Its setter is `with_new`: `new` is the constructor.
            &[(OptionalFieldAdded, "ItemData.new")],
        ),
        case(
            "field_became_optional_in_a_response_model",
            &[],
            &[("      required:\n        - id\n        - name\n", "      required:\n        - name\n")],
            &[(FieldBecameOptionalInResponses, "Item.id")],
        ),
        case(
            "field_became_optional_in_a_request_model",
            &[],
            &[ITEM_DATA_NAME_OPTIONAL],
            // Nothing is required any more: `Default` too.
            &[(FieldBecameOptionalInRequests, "ItemData.name"), (DefaultGained, "ItemData")],
        ),
        case(
            "field_became_required_in_a_request_model",
            &[ITEM_DATA_NAME_OPTIONAL],
            &[],
            &[(FieldBecameRequiredInRequests, "ItemData.name"), (DefaultLost, "ItemData")],
        ),
        // `Default` is derived where nothing is required: `ItemData` (`name` required) has none to
        // lose when it gains a required field, and none to gain when that field goes.
        case(
            "required_field_added_without_default",
            &[],
            &[ITEM_DATA_KIND],
            &[(RequiredFieldAddedToRequest, "ItemData.kind")],
        ),
        case("required_field_removed_without_default", &[ITEM_DATA_KIND], &[], &[(FieldRemoved, "ItemData.kind")]),
        case(
            "field_became_required_in_a_response_model",
            &[],
            &[(
                "      required:\n        - id\n        - name\n",
                "      required:\n        - id\n        - name\n        - note\n",
            )],
            &[(FieldBecameRequiredInResponses, "Item.note")],
        ),
        case(
            "field_became_required_in_a_model_of_both_directions",
            &[],
            &[("      required:\n        - amount\n", "      required:\n        - amount\n        - asset\n")],
            &[(FieldBecameRequiredInResponses, "Money.asset"), (FieldBecameRequiredInRequests, "Money.asset")],
        ),
        case(
            "field_of_a_model_no_operation_uses",
            &[NOTE_SCHEMA],
            &[
                NOTE_SCHEMA,
                ("    Note:\n      type: object\n", "    Note:\n      type: object\n      required:\n        - text\n"),
            ],
            &[
                (FieldBecameRequiredInResponses, "Note.text"),
                (FieldBecameRequiredInRequests, "Note.text"),
                (DefaultLost, "Note"),
            ],
        ),
        // `Label` is `pub type Label = String`: the field's Rust type does not change.
        case(
            "field_names_an_alias_of_its_type",
            &[],
            &[(
                "        name:\n          type: string\n        note:\n          type: string\n        kind:",
                "        name:\n          type: string\n        note:\n          $ref: '#/components/schemas/Label'\n        kind:",
            )],
            &[],
        ),
        case(
            "field_required_and_nullable_keeps_its_type",
            &[],
            &[
                (
                    "      required:\n        - id\n        - name\n",
                    "      required:\n        - id\n        - name\n        - note\n",
                ),
                (
                    "        name:\n          type: string\n        note:\n          type: string\n        kind:",
                    "        name:\n          type: string\n        note:\n          type: string\n          nullable: true\n        kind:",
                ),
            ],
            &[(FieldWireChanged, "Item.note")],
        ),
        case(
            "now_in_requests",
            &[],
            &[UPDATE_ITEM],
            &[(OperationAdded, "Client::update_item"), (NowInRequests, "Item")],
        ),
        case(
            "no_longer_in_requests",
            &[UPDATE_ITEM],
            &[],
            &[(OperationRemoved, "Client::update_item"), (NoLongerInRequests, "Item")],
        ),
        case("enum_value_added", &[], &[KIND_MEDIUM], &[(EnumValueAdded, "Kind::Medium")]),
        case("enum_value_removed", &[KIND_MEDIUM], &[], &[(EnumValueRemoved, "Kind::Medium")]),
        case(
            "enum_value_wire_changed",
            &[],
            &[("        - fast\n", "        - FAST\n")],
            &[(EnumValueWireChanged, "Kind::Fast")],
        ),
        // Several required fields are named (`MoneyRequired { amount, asset }`): their order in the
        // spec is not part of the Rust API.
        case(
            "required_fields_reordered",
            &[(
                "    Money:\n      type: object\n      required:\n        - amount\n",
                "    Money:\n      type: object\n      required:\n        - amount\n        - asset\n",
            )],
            &[(
                "    Money:\n      type: object\n      required:\n        - amount\n",
                "    Money:\n      type: object\n      required:\n        - asset\n        - amount\n",
            )],
            &[],
        ),
        case(
            "response_headers_gained",
            &[],
            &[COUNT_HEADER],
            &[(ResponseHeadersGained, "Client::list_items"), (ResponseHeaderAdded, "Client::list_items")],
        ),
        case(
            "response_headers_lost",
            &[COUNT_HEADER],
            &[],
            &[(ResponseHeadersLost, "Client::list_items"), (ResponseHeaderRemoved, "Client::list_items")],
        ),
        case(
            "response_header_added",
            &[COUNT_HEADER],
            &[COUNT_HEADER, RATE_LIMIT_HEADER],
            &[(ResponseHeaderAdded, "Client::list_items")],
        ),
        case(
            "response_header_removed",
            &[COUNT_HEADER, RATE_LIMIT_HEADER],
            &[COUNT_HEADER],
            &[(ResponseHeaderRemoved, "Client::list_items")],
        ),
        case(
            "response_header_changed",
            &[COUNT_HEADER],
            &[COUNT_HEADER, ("            Count:\n", "            Count:\n              required: true\n")],
            &[(ResponseHeaderChanged, "Client::list_items")],
        ),
        case(
            "union_member_added",
            &[],
            &[STAGE_STOP, STAGE_STOP_MEMBER],
            &[(UnionMemberAdded, "Stage::Stop"), (TypeAdded, "StageStop")],
        ),
        case(
            "union_member_removed",
            &[STAGE_STOP, STAGE_STOP_MEMBER],
            &[STAGE_STOP],
            // Out of the union, `StageStop` no longer has a fixed tag: its `kind` is a field again.
            &[
                (UnionMemberRemoved, "Stage::Stop"),
                (RequiredFieldAddedToRequest, "StageStop.kind"),
                (DefaultLost, "StageStop"),
            ],
        ),
        case(
            "union_member_type_changed",
            &[STAGE_STOP],
            &[
                STAGE_STOP,
                (
                    "        - $ref: '#/components/schemas/StageWait'\n",
                    "        - $ref: '#/components/schemas/StageStop'\n",
                ),
                (
                    "          wait: '#/components/schemas/StageWait'\n          stop:",
                    "          wait: '#/components/schemas/StageStop'\n          unused:",
                ),
            ],
            // `StageStop` is tagged `wait` now, and `StageWait`, out of the union, gets its field back.
            &[
                (UnionMemberTypeChanged, "Stage::Wait"),
                (FieldRemoved, "StageStop.kind"),
                (DefaultGained, "StageStop"),
                (RequiredFieldAddedToRequest, "StageWait.kind"),
                (DefaultLost, "StageWait"),
            ],
        ),
        case(
            "union_tag_changed",
            &[],
            &[("        propertyName: kind\n", "        propertyName: type\n")],
            // The members have no `type` property to fix: their `kind` is a field again.
            &[
                (UnionTagChanged, "Stage"),
                (RequiredFieldAddedToRequest, "StageSend.kind"),
                (RequiredFieldAddedToRequest, "StageWait.kind"),
                (DefaultLost, "StageWait"),
            ],
        ),
    ]
}

fn report(case: &Case) -> diff::Report {
    let base = base();
    let (old, new) = (edit(case.name, &base, case.old), edit(case.name, &base, case.new));
    let api = |text: &str, which: &str| {
        diff::api(text, &Options::new("items"))
            .unwrap_or_else(|e| panic!("case {}: the {which} spec is refused: {e}", case.name))
    };
    diff::compare(&api(&old, "old"), &api(&new, "new"))
}

#[test]
fn each_case_reports_exactly_its_changes() {
    let mut failures = Vec::new();
    let mut printed = String::new();
    for case in cases() {
        let report = report(&case);
        if report.rules() != case.expected {
            failures.push(format!(
                "{}:\n  expected {:?}\n  got      {:?}\n{report}",
                case.name,
                case.expected,
                report.rules()
            ));
        }
        let _ = write!(printed, "## {}\n{report}\n", case.name);
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
    insta::assert_snapshot!("fixture_reports", printed);
}

/// Every rule is held by at least one case, so that none can be wrong unnoticed.
#[test]
fn every_rule_has_a_case() {
    let covered: BTreeSet<Rule> = cases().iter().flat_map(|c| c.expected.iter().map(|(rule, _)| *rule)).collect();
    let missing: Vec<&Rule> = Rule::ALL.iter().filter(|rule| !covered.contains(rule)).collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

/// The impacts the issue names, pinned apart from the cases (which check the rules fire).
#[test]
fn impacts_follow_the_rust_rules() {
    use Rule::*;
    let breaking = [
        OperationRemoved,
        OperationRenamed,
        RequiredParamAdded,
        RequiredParamRemoved,
        OptionalParamRemoved,
        ParamTypeChanged,
        ParamBecameRequired,
        ParamBecameOptional,
        RequiredParamsReordered,
        RequiredBodyAdded,
        BodyBecameRequired,
        BodyBecameOptional,
        BodyRemoved,
        BodyTypeChanged,
        ResponseTypeChanged,
        ResponseHeadersGained,
        ResponseHeadersLost,
        ResponseHeaderRemoved,
        ResponseHeaderChanged,
        ErrorBodyChanged,
        ErrorTypeChanged,
        ErrorVariantRemoved,
        ErrorVariantTypeChanged,
        PaginationLost,
        PaginationItemChanged,
        TypeRemoved,
        TypeRenamed,
        TypeKindChanged,
        AliasTargetChanged,
        RequiredFieldAddedToRequest,
        FieldRemoved,
        FieldTypeChanged,
        FieldBecameOptionalInResponses,
        FieldBecameOptionalInRequests,
        FieldBecameRequiredInResponses,
        FieldBecameRequiredInRequests,
        DefaultLost,
        NoLongerInRequests,
        EnumValueRemoved,
        UnionMemberRemoved,
        UnionMemberTypeChanged,
    ];
    let at_run_time = [ErrorStatusesRemoved, ScopeAdded];
    let additive = [
        OperationAdded,
        OptionalParamAdded,
        BodyAdded,
        ResponseHeaderAdded,
        ErrorStatusesAdded,
        ErrorVariantAdded,
        PaginationGained,
        TypeAdded,
        OptionalFieldAdded,
        RequiredFieldAddedToResponse,
        DefaultGained,
        NowInRequests,
        EnumValueAdded,
        UnionMemberAdded,
    ];
    let wire_only = [
        OperationRouteChanged,
        ParamWireChanged,
        BodyMediaTypeChanged,
        ResponseMediaTypeChanged,
        ScopeRemoved,
        FieldWireChanged,
        EnumValueWireChanged,
        UnionTagChanged,
    ];
    let test_only = [SuccessStatusChanged];
    for (rules, impact) in [
        (&breaking[..], Impact::Breaking),
        (&at_run_time[..], Impact::BreakingAtRunTime),
        (&additive[..], Impact::Additive),
        (&wire_only[..], Impact::WireOnly),
        (&test_only[..], Impact::TestOnly),
    ] {
        for rule in rules {
            assert_eq!(rule.impact(), impact, "{rule:?}");
        }
    }
    assert_eq!(
        breaking.len() + at_run_time.len() + additive.len() + wire_only.len() + test_only.len(),
        Rule::ALL.len()
    );
}

#[test]
fn worst_impact_and_breaking() {
    let added = report(&cases().into_iter().find(|c| c.name == "optional_field_added").unwrap());
    assert_eq!(added.worst(), Some(Impact::Additive));
    assert!(!added.is_breaking());
    let scope = report(&cases().into_iter().find(|c| c.name == "scope_added").unwrap());
    assert_eq!(scope.worst(), Some(Impact::BreakingAtRunTime));
    assert!(scope.is_breaking());
    let removed = report(&cases().into_iter().find(|c| c.name == "field_removed").unwrap());
    assert_eq!(removed.worst(), Some(Impact::Breaking));
    let none = report(&cases().into_iter().find(|c| c.name == "identical").unwrap());
    assert_eq!(none.worst(), None);
    assert!(!none.is_breaking());
    assert_eq!(none.to_string(), "no change for users of the generated crate\n");
}

/// The table of `sdk/README.md` that tells users which spec changes break their code says what the
/// rules say: each row names its rules here, each rule is in one row, and the row's last cell is
/// the rules' impact.
#[test]
fn the_sdk_readme_table_matches_the_rules() {
    use Rule::*;
    let rows: &[(&str, &[Rule])] = &[
        ("a new operation or model", &[OperationAdded, TypeAdded]),
        ("a new optional parameter", &[OptionalParamAdded]),
        ("a new optional body", &[BodyAdded]),
        ("a new response header, where the response documents one already", &[ResponseHeaderAdded]),
        ("a new optional field", &[OptionalFieldAdded]),
        ("a new required field in a model you only receive", &[RequiredFieldAddedToResponse]),
        ("a new enum value, or union member", &[EnumValueAdded, UnionMemberAdded]),
        ("a list that becomes paginated", &[PaginationGained]),
        ("a model that gains `Default` (none of its fields is required any more)", &[DefaultGained]),
        ("a model you receive that you now also send", &[NowInRequests]),
        ("more documented error statuses, or a per-status error body", &[ErrorStatusesAdded, ErrorVariantAdded]),
        (
            "a new required parameter or body, or required parameters in another order",
            &[RequiredParamAdded, RequiredBodyAdded, RequiredParamsReordered],
        ),
        ("a new required field in a model you send", &[RequiredFieldAddedToRequest]),
        (
            "a field, parameter or body that becomes optional, or required",
            &[
                FieldBecameOptionalInResponses,
                FieldBecameOptionalInRequests,
                FieldBecameRequiredInResponses,
                FieldBecameRequiredInRequests,
                ParamBecameRequired,
                ParamBecameOptional,
                BodyBecameRequired,
                BodyBecameOptional,
            ],
        ),
        (
            "a removed or renamed operation, parameter, body, model, field, enum value, union member or per-status \
             error body",
            &[
                OperationRemoved,
                OperationRenamed,
                RequiredParamRemoved,
                OptionalParamRemoved,
                BodyRemoved,
                TypeRemoved,
                TypeRenamed,
                FieldRemoved,
                EnumValueRemoved,
                UnionMemberRemoved,
                ErrorVariantRemoved,
            ],
        ),
        (
            "a parameter, body, response, field, union member, alias or error body of another type, or a model of \
             another kind",
            &[
                ParamTypeChanged,
                BodyTypeChanged,
                ResponseTypeChanged,
                FieldTypeChanged,
                UnionMemberTypeChanged,
                AliasTargetChanged,
                ErrorBodyChanged,
                ErrorTypeChanged,
                ErrorVariantTypeChanged,
                PaginationItemChanged,
                TypeKindChanged,
            ],
        ),
        ("a list that stops being paginated", &[PaginationLost]),
        ("another documented success status", &[SuccessStatusChanged]),
        (
            "the first or last documented response header, a removed one, one of another type or that becomes \
             required or optional",
            &[ResponseHeadersGained, ResponseHeadersLost, ResponseHeaderRemoved, ResponseHeaderChanged],
        ),
        ("a model that loses `Default`", &[DefaultLost]),
        ("a model you send that you now only receive", &[NoLongerInRequests]),
        ("a new required scope, fewer documented error statuses", &[ScopeAdded, ErrorStatusesRemoved]),
        (
            "another path or method, wire name, media type or tag value; fewer scopes; a nullable field that \
             becomes required or optional",
            &[
                OperationRouteChanged,
                ParamWireChanged,
                BodyMediaTypeChanged,
                ResponseMediaTypeChanged,
                ScopeRemoved,
                FieldWireChanged,
                EnumValueWireChanged,
                UnionTagChanged,
            ],
        ),
    ];
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../sdk/README.md");
    let readme = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let table: Vec<Vec<&str>> = readme
        .lines()
        .skip_while(|line| !line.starts_with("| change in the spec |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert_eq!(table.len(), rows.len(), "the README's table has {} rows", table.len());
    let mut seen = BTreeSet::new();
    for (change, rules) in rows {
        let row = table.iter().find(|cells| cells[0] == *change).unwrap_or_else(|| panic!("no README row {change:?}"));
        let said = row.last().copied().unwrap_or_default();
        for rule in *rules {
            let impact = match rule.impact() {
                Impact::Breaking => "breaking",
                Impact::BreakingAtRunTime => "breaking at run time",
                Impact::Additive => "additive",
                Impact::WireOnly => "wire only",
                Impact::TestOnly => "test only",
            };
            assert_eq!(said, impact, "README row {change:?}: {rule:?} is {impact}");
            assert!(seen.insert(*rule), "{rule:?} is in two rows");
        }
    }
    let missing: Vec<&Rule> = Rule::ALL.iter().filter(|rule| !seen.contains(rule)).collect();
    assert!(missing.is_empty(), "rules the README's table does not cover: {missing:?}");
}
