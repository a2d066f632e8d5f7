//! What a failed SDK call means for the learner: the error codes, statuses and messages
//! AWS (and emulators, and proxies in between) answer with, turned into `CloudError`s.

use aws_sdk_cloudformation::config::http::HttpResponse;
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use super::Clients;
use crate::cloud::CloudError;

impl Clients {
    /// `classify` with this configuration's endpoint and region in the message.
    pub(super) fn error<E>(&self, e: SdkError<E, HttpResponse>, action: &str) -> CloudError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match classify(e, action, &self.endpoint) {
            CloudError::RegionDisabled { .. } => CloudError::RegionDisabled {
                region: self.region.clone(),
            },
            CloudError::SsoExpired { .. } => CloudError::SsoExpired {
                profile: self.profile.clone(),
            },
            other => other,
        }
    }
}

/// Turns an SDK error into what it means for the learner.
pub fn classify<E>(e: SdkError<E, HttpResponse>, action: &str, endpoint: &str) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let raw = e.raw_response();
    let status = raw.map(|r| r.status().as_u16());
    // Some answers (an emulator's, a proxy's) carry the code only in the body.
    let body_code = raw
        .and_then(|r| r.body().bytes())
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(code_in_body);
    let code = e
        .code()
        .map(str::to_string)
        .or(body_code)
        .unwrap_or_default();
    let message = e.message().unwrap_or_default().to_string();
    let full = DisplayErrorContext(&e).to_string();
    tracing::debug!(action, code, error = %full, "AWS call failed");
    match &e {
        SdkError::TimeoutError(_) => return CloudError::Timeout,
        SdkError::DispatchFailure(d) if d.is_timeout() => return CloudError::Timeout,
        SdkError::DispatchFailure(d) if d.is_io() => {
            return CloudError::Unreachable {
                endpoint: endpoint.to_string(),
            };
        }
        _ => {}
    }
    let lower = full.to_ascii_lowercase();
    // An SSO sign-in that ran out is renewed with `aws sso login`, not new credentials.
    if lower.contains("sso") && (lower.contains("expired") || lower.contains("refresh")) {
        return CloudError::SsoExpired { profile: None };
    }
    // A signature refused for its time is this machine's clock, whatever code carries it:
    // behind ("Signature expired: ... is now earlier than ...") or ahead ("Signature not
    // yet current: ... is still later than ...").
    let message_lower = message.to_ascii_lowercase();
    if code == "RequestTimeTooSkewed"
        || (matches!(
            code.as_str(),
            "InvalidSignatureException" | "SignatureDoesNotMatch"
        ) && (message_lower.contains("signature expired")
            || message_lower.contains("signature not yet current")))
    {
        return CloudError::ClockSkew;
    }
    match code.as_str() {
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => {
            CloudError::ExpiredCredentials
        }
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch" => CloudError::AccessDenied {
            action: action.to_string(),
        },
        "Throttling"
        | "ThrottlingException"
        | "SlowDown"
        | "TooManyRequestsException"
        | "RequestLimitExceeded" => CloudError::Throttled,
        // AWS failing on its side is worth another try; moto's HTML 500s for operations it
        // lacks carry no such code and stay plain errors.
        "InternalFailure"
        | "InternalError"
        | "InternalServerError"
        | "InternalServerException"
        | "ServiceUnavailable"
        | "ServiceUnavailableException" => CloudError::ServerError(format!("{code}: {message}")),
        "AlreadyExistsException" => CloudError::AlreadyExists { name: message },
        // Comprehend answers a create of a taken name with ResourceInUse too; to a
        // delete it means something still uses the resource.
        "ResourceInUse" | "ResourceInUseException" if action.contains(":Create") => {
            CloudError::AlreadyExists { name: message }
        }
        "ResourceInUse" | "ResourceInUseException" => CloudError::InUse {
            what: if message.is_empty() {
                action.to_string()
            } else {
                message
            },
        },
        "NoSuchBucket"
        | "NotFound"
        | "NoSuchKey"
        | "ResourceNotFound"
        | "ResourceNotFoundException"
        | "NoSuchResourceException"
        | "NoSuchEntity"
        | "EntityNotFoundException" => CloudError::NotFound {
            what: if message.is_empty() {
                action.to_string()
            } else {
                message
            },
        },
        "ResourceLimitExceeded" | "LimitExceededException" | "ServiceQuotaExceededException" => {
            CloudError::QuotaExceeded(message)
        }
        "OptInRequired" | "RegionDisabledException" => CloudError::RegionDisabled {
            region: String::new(),
        },
        "Forbidden" => CloudError::AccessDenied {
            action: action.to_string(),
        },
        "ValidationError" | "ValidationException" | "InvalidParameterValue" => {
            CloudError::Invalid(message)
        }
        _ if lower.contains("no credentials")
            || lower.contains("failed to load credentials")
            || lower.contains("credentials provider") && lower.contains("not") =>
        {
            CloudError::NoCredentials
        }
        _ if lower.contains("token") && lower.contains("expired") => CloudError::ExpiredCredentials,
        _ if matches!(e, SdkError::DispatchFailure(_)) => CloudError::Unreachable {
            endpoint: endpoint.to_string(),
        },
        _ if matches!(status, Some(401 | 403)) => CloudError::AccessDenied {
            action: action.to_string(),
        },
        _ if status == Some(429) => CloudError::Throttled,
        // S3 answers a HEAD it throttles with a bare 503 (its SlowDown has no body there).
        _ if status == Some(503) && action.starts_with("s3:") => CloudError::Throttled,
        _ if status == Some(404) => CloudError::NotFound {
            what: action.to_string(),
        },
        // The whole answer would be a wall of HTML: its status says enough.
        _ if message.is_empty() && status.is_some() => {
            CloudError::Other(format!("{action}: HTTP {}", status.unwrap_or_default()))
        }
        _ if !message.is_empty() => CloudError::Other(format!("{code}: {message}")),
        _ => CloudError::Other(full),
    }
}

/// The error code in an XML (`<Code>X</Code>`) or JSON (`"__type":"X"`) error body.
fn code_in_body(body: &str) -> Option<String> {
    if let Some(start) = body.find("<Code>") {
        let rest = &body[start + 6..];
        return rest.find("</Code>").map(|end| rest[..end].to_string());
    }
    let start = body.find("\"__type\"")?;
    let rest = &body[start + 8..];
    let open = rest.find('"')? + 1;
    let close = rest[open..].find('"')? + open;
    // JSON error types may carry a namespace: "com.amazon...#ThrottlingException".
    Some(
        rest[open..close]
            .rsplit('#')
            .next()
            .unwrap_or_default()
            .to_string(),
    )
}

pub(super) fn not_found(e: &CloudError) -> bool {
    matches!(e, CloudError::Invalid(m) if m.contains("does not exist") || m.contains("RecordNotFound") || m.contains("not found"))
}

/// A missing resource answers ValidationException or ResourceNotFound: both mean "gone".
pub(super) fn gone(e: &CloudError) -> bool {
    match e {
        CloudError::NotFound { .. } => true,
        CloudError::Invalid(m) | CloudError::Other(m) => {
            m.contains("not found") || m.contains("does not exist") || m.contains("Could not find")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(
        text: &str,
    ) -> SdkError<aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError, HttpResponse>
    {
        SdkError::construction_failure(std::io::Error::other(text.to_string()))
    }

    #[test]
    fn an_expired_sso_sign_in_is_not_missing_credentials() {
        let e = failed(
            "failed to load credentials: the SSO session for this profile has expired; run aws sso login",
        );
        assert_eq!(
            classify(e, "sts:GetCallerIdentity", "AWS (us-east-1)"),
            CloudError::SsoExpired { profile: None }
        );
        let e = failed("no credentials in the environment or profile");
        assert_eq!(
            classify(e, "sts:GetCallerIdentity", "AWS (us-east-1)"),
            CloudError::NoCredentials
        );
    }

    fn refused(
        code: &str,
        message: &str,
    ) -> SdkError<aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError, HttpResponse>
    {
        use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError;
        use aws_smithy_types::body::SdkBody;
        use aws_smithy_types::error::ErrorMetadata;
        let meta = ErrorMetadata::builder().code(code).message(message).build();
        let response = HttpResponse::new(
            aws_smithy_runtime_api::http::StatusCode::try_from(400).expect("a status"),
            SdkBody::empty(),
        );
        SdkError::service_error(GetCallerIdentityError::generic(meta), response)
    }

    #[test]
    fn a_signature_refused_for_its_time_is_the_clock_either_way() {
        let classified = |code, message| {
            classify(
                refused(code, message),
                "sagemaker:ListModels",
                "AWS (us-east-1)",
            )
        };
        for (code, message) in [
            (
                "InvalidSignatureException",
                "Signature expired: 20261203T140000Z is now earlier than 20261203T141500Z (20261203T142000Z - 5 min.)",
            ),
            (
                "InvalidSignatureException",
                "Signature not yet current: 20261203T150000Z is still later than 20261203T144500Z (20261203T144000Z + 5 min.)",
            ),
            (
                "SignatureDoesNotMatch",
                "Signature not yet current: 20261203T150000Z is still later than 20261203T144500Z",
            ),
            (
                "RequestTimeTooSkewed",
                "The difference between the request time and the current time is too large.",
            ),
        ] {
            assert_eq!(
                classified(code, message),
                CloudError::ClockSkew,
                "{code}: {message}"
            );
        }
        // A signature wrong for another reason is still a key problem, not the clock.
        assert!(matches!(
            classified(
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match"
            ),
            CloudError::AccessDenied { .. }
        ));
    }

    #[test]
    fn error_codes_in_bodies() {
        let xml = "<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>";
        assert_eq!(code_in_body(xml).as_deref(), Some("InvalidClientTokenId"));
        let json = r#"{"__type":"com.amazonaws#ThrottlingException","message":"slow down"}"#;
        assert_eq!(code_in_body(json).as_deref(), Some("ThrottlingException"));
        assert_eq!(code_in_body("<html>oops</html>"), None);
    }
}
