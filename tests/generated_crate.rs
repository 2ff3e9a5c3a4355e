//! Uses of the committed generated crate as a user would write them: the
//! request types, redaction of secrets, open enums, date-times, and the
//! requests the endpoint functions build.

use graphgen_runtime::{DateTimeOffset, Nullable, ResponseShape};
use msgraph_generated::intune::{
    ChromeOsOnboardingStatus, ConnectRequest, DeviceManagementDomainJoinConnector,
    DeviceManagementDomainJoinConnectorState,
};

#[test]
fn connect_sends_the_parameters_and_hides_the_token() {
    let body = ConnectRequest {
        owner_user_principal_name: "admin@contoso.com".to_owned().into(),
        owner_access_token: "ya29.secret-token".to_owned().into(),
        ..Default::default()
    };
    let debug = format!("{body:?}");
    assert!(!debug.contains("ya29"), "{debug}");
    assert!(debug.contains("<redacted>") && debug.contains("admin@contoso.com"), "{debug}");

    let request =
        msgraph_generated::Graph::new().device_management().chrome_os_onboarding_settings().connect(&body).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.path_and_query(), "/deviceManagement/chromeOSOnboardingSettings/connect");
    assert_eq!(request.shape(), ResponseShape::ValueWrapped);
    assert_eq!(request.headers()["content-type"], "application/json");
    let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"ownerUserPrincipalName": "admin@contoso.com", "ownerAccessToken": "ya29.secret-token"})
    );
    assert!(!format!("{request:?}").contains("ya29"));

    // Unset fields are not sent.
    let empty = msgraph_generated::Graph::new()
        .device_management()
        .chrome_os_onboarding_settings()
        .connect(&ConnectRequest::default())
        .unwrap();
    assert_eq!(empty.body(), b"{}");
}

#[test]
fn absent_null_and_values_are_three_things() {
    // A PATCH-style body: one field cleared with an explicit null, one left out.
    let body = ConnectRequest { owner_access_token: Nullable::Null, ..Default::default() };
    let sent: serde_json::Value = serde_json::from_slice(
        msgraph_generated::Graph::new()
            .device_management()
            .chrome_os_onboarding_settings()
            .connect(&body)
            .unwrap()
            .body(),
    )
    .unwrap();
    assert_eq!(sent, serde_json::json!({"ownerAccessToken": null}));
    // Responses with nulls keep them.
    let wire = serde_json::json!({"displayName": null, "state": "active"});
    let connector: DeviceManagementDomainJoinConnector = serde_json::from_value(wire.clone()).unwrap();
    assert!(connector.display_name.is_null() && connector.version.is_absent());
    assert_eq!(serde_json::to_value(&connector).unwrap(), wire);
}

#[test]
fn results_are_unwrapped_from_value() {
    let request =
        msgraph_generated::Graph::new().device_management().chrome_os_onboarding_settings().disconnect().unwrap();
    assert!(request.body().is_empty());
    let response = http::Response::builder().status(200).body(br#"{"value": "offboarding"}"#.to_vec()).unwrap();
    assert_eq!(request.parse_response(response).unwrap(), ChromeOsOnboardingStatus::Offboarding);
}

#[test]
fn enums_are_open() {
    let v: ChromeOsOnboardingStatus = serde_json::from_str(r#""someNewState""#).unwrap();
    assert_eq!(v, ChromeOsOnboardingStatus::Other("someNewState".into()));
    assert_eq!(serde_json::to_string(&v).unwrap(), r#""someNewState""#);
    assert_eq!(
        "unknownFutureValue".parse::<ChromeOsOnboardingStatus>().unwrap(),
        ChromeOsOnboardingStatus::UnknownFutureValue
    );
    assert_eq!(DeviceManagementDomainJoinConnectorState::Inactive.to_string(), "inactive");
}

#[test]
fn connector_round_trips_graph_date_times_and_odata_type() {
    let wire = serde_json::json!({
        "@odata.type": "#microsoft.graph.deviceManagementDomainJoinConnector",
        "id": "77296cf7-6cf7-7729-f76c-2977f76c2977",
        "displayName": "Display Name value",
        "lastConnectionDateTime": "2016-12-31T23:58:36.6670033-08:00",
        "state": "error",
        "version": "Version value",
        "somethingNew": [1, 2]
    });
    let connector: DeviceManagementDomainJoinConnector = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(connector.odata_type.as_deref(), Some("#microsoft.graph.deviceManagementDomainJoinConnector"));
    let when: &DateTimeOffset = connector.last_connection_date_time.value().unwrap();
    assert_eq!(when.value().to_rfc3339(), "2016-12-31T23:58:36.667003300-08:00");
    assert_eq!(connector.state, Nullable::Value(DeviceManagementDomainJoinConnectorState::Error));
    assert_eq!(connector.additional_properties["somethingNew"], serde_json::json!([1, 2]));
    assert_eq!(serde_json::to_value(&connector).unwrap(), wire);
    // What the generated example tests check: the keys decoding leaves untyped, and only those.
    let (_, untyped) = graphgen_runtime::record_additional_keys(|| {
        serde_json::from_value::<DeviceManagementDomainJoinConnector>(wire.clone()).unwrap()
    });
    assert_eq!(untyped, ["somethingNew"], "`@odata.type` is a field, the documented keys are fields");

    let request =
        msgraph_generated::Graph::new().device_management().domain_join_connectors().create(&connector).unwrap();
    assert_eq!(request.path_and_query(), "/deviceManagement/domainJoinConnectors");
    let created = http::Response::builder().status(201).body(serde_json::to_vec(&wire).unwrap()).unwrap();
    assert_eq!(request.parse_response(created).unwrap(), connector);
}

#[test]
fn graph_errors_are_typed() {
    let request =
        msgraph_generated::Graph::new().device_management().chrome_os_onboarding_settings().disconnect().unwrap();
    let response = http::Response::builder()
        .status(403)
        .body(br#"{"error": {"code": "Forbidden", "message": "Insufficient privileges", "innerError": {"request-id": "abc", "date": "2024-01-01T00:00:00"}}}"#.to_vec())
        .unwrap();
    let err = request.parse_response(response).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.graph_error().unwrap().code, "Forbidden");
}
