//! Image uploads.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use folio_core::Role;
use folio_web::admin::AdminSettings;

use crate::{Browser, TestApp};

/// A real 2×3 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x08, 0x02, 0x00, 0x00, 0x00, 0x12, 0x16, 0xF1,
    0x4D, 0x00, 0x00, 0x00, 0x0E, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x80,
    0x85, 0x00, 0x00, 0x1D, 0xF5, 0x01, 0xFF, 0x5B, 0x8B, 0x8D, 0x46, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn upload(browser: &Browser<'_>, name: &str, bytes: &[u8], alt: &str) -> crate::TestResponse {
    let boundary = "folio-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"alt_text\"\r\n\r\n{alt}\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let token = browser.csrf().await;
    browser
        .request(
            Request::post(format!("/admin/media?_csrf={token}"))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .header(header::ORIGIN, "http://127.0.0.1:8080"),
            Body::from(body),
        )
        .await
}

#[tokio::test]
async fn images_are_checked_by_content_stored_by_hash_and_cached_for_a_year() {
    let app = TestApp::with_settings(AdminSettings {
        max_upload_bytes: 1024,
        ..AdminSettings::default()
    });
    app.user("author@example.org", Role::Author);
    let author = app.login("author@example.org").await;

    let ok = upload(&author, "portrait.png", PNG, "A red square").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let media = app.store.read(|c| folio_db::list_media(c, 10)).unwrap();
    assert_eq!(media.len(), 1);
    let stored = &media[0];
    assert_eq!((stored.width, stored.height), (2, 3));
    assert_eq!(stored.content_type, "image/png");
    assert!(
        ok.body.contains("![A red square]") && ok.body.contains(&stored.sha256),
        "{}",
        ok.body
    );
    let on_disk = app
        .data_dir
        .join("media")
        .join(&stored.sha256[..2])
        .join(format!("{}.png", stored.sha256));
    assert_eq!(std::fs::read(on_disk).unwrap(), PNG);
    let served = app.get(&stored.path()).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.headers["content-type"], "image/png");
    assert_eq!(
        served.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(served.headers["x-content-type-options"], "nosniff");

    // The same bytes again: one file, one record.
    upload(&author, "copy.png", PNG, "A red square").await;
    assert_eq!(
        app.store
            .read(|c| folio_db::list_media(c, 10))
            .unwrap()
            .len(),
        1
    );

    let svg = upload(
        &author,
        "innocent.png",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        "x",
    )
    .await;
    assert_eq!(svg.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(svg.body.contains("not a PNG, JPEG, GIF or WebP"));
    let no_alt = upload(&author, "dot.png", PNG, "").await;
    assert_eq!(no_alt.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_alt.body.contains("alt text is required"));
    let mut big = PNG.to_vec();
    big.extend(std::iter::repeat_n(0u8, 2048));
    let too_big = upload(&author, "big.png", &big, "Big").await;
    assert_eq!(too_big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_big.body.contains("at most"));

    // Without the token, an upload is refused.
    let forged = author
        .request(
            Request::post("/admin/media")
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x"),
            Body::from("--x--\r\n"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    for bad in [
        "/media/../folio.db",
        "/media/abc.png",
        &stored.path().replace(".png", ".svg"),
    ] {
        assert_eq!(app.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
    assert!(app.audit_actions().contains(&"media.uploaded".to_owned()));
}

#[tokio::test]
async fn an_uploaded_portrait_shows_on_the_experts_public_page() {
    let app = TestApp::new();
    app.user("editor@example.org", Role::Editor);
    let editor = app.login("editor@example.org").await;
    assert_eq!(
        upload(&editor, "anna.png", PNG, "Anna Borshchevskaya")
            .await
            .status,
        StatusCode::OK
    );
    let media = app
        .store
        .read(|c| folio_db::list_media(c, 1))
        .unwrap()
        .remove(0);
    let expert = app
        .store
        .read(|c| {
            folio_db::expert_by_slug(c, &folio_core::Slug::parse("anna-borshchevskaya").unwrap())
        })
        .unwrap()
        .unwrap();
    let saved = editor
        .post(
            &format!("/admin/experts/{}", expert.id.0),
            &[
                ("name", expert.name.as_str()),
                ("slug", expert.slug.as_str()),
                ("bio", expert.bio.as_str()),
                ("portrait", &media.id.0.to_string()),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get("/experts/anna-borshchevskaya").await;
    assert!(
        page.body.contains(&format!(
            "<img class=\"expert__portrait\" src=\"{}\" alt=\"Anna Borshchevskaya\" width=\"2\" height=\"3\">",
            media.path()
        )),
        "{}",
        page.body
    );
    assert!(app.get("/experts").await.status == StatusCode::OK);
}
