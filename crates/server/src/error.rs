//! API errors: every failure is a JSON body `{"error": "..."}` with a status that says whose
//! fault it is. Store internals never reach the client: a 500 says only that the server failed,
//! and the detail goes to the server's log (stderr).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dyad_store::StoreError;

/// An error answer of the API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter that cannot be right: 400 with the reason.
    #[error("{0}")]
    BadRequest(String),
    /// No credentials on a write request: 401.
    #[error("{0}")]
    Unauthorized(String),
    /// Wrong credentials, or writes disabled on this server: 403.
    #[error("{0}")]
    Forbidden(String),
    /// No such article, event or path: 404.
    #[error("{0}")]
    NotFound(String),
    /// The request body is larger than the server accepts: 413.
    #[error("{0}")]
    TooLarge(String),
    /// The database is busy (another writer holds the lock): 503, try again.
    #[error("{0}")]
    Busy(String),
    /// Anything else; the detail is logged, not sent.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadQuery(reason) => ApiError::BadRequest(reason),
            StoreError::Locked { .. } => {
                ApiError::Busy("the database is busy with another writer; try again".into())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            ApiError::Internal(detail) => {
                eprintln!("dyad serve: internal error: {detail}");
                "internal server error (the server's log has the detail)".to_string()
            }
            other => other.to_string(),
        };
        let body = serde_json::json!({ "error": message }).to_string();
        let mut resp = (status, body).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}
