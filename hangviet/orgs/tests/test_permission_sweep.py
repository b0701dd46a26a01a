"""Every route, as an anonymous visitor, the owner (alice, editor of Xã Tân Cương), a member
of a sibling unit (bob, editor of Xã Phú Đình) and an outsider (charlie, no role).

A route added without a line here fails `test_every_route_is_swept`.
"""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hangviet.orgs.tests.sweep_objects import objects_for_sweep

pytestmark = pytest.mark.django_db

ANON, OWNER, SIBLING, OUTSIDER = "anonymous", "alice", "bob", "charlie"
LOGIN = 302  # pages send anonymous visitors to the sign-in page
PUBLIC_REGISTRY = 200  # the registry's names and codes are public information

# route name → (method, url template, body, {person: expected status})
CASES = {
    "home": ("get", "/", None, {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200}),
    "healthz": ("get", "/healthz", None, {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200}),
    "login": ("get", "/dang-nhap/", None, {ANON: 200, OWNER: 302, SIBLING: 302, OUTSIDER: 302}),
    "logout": ("post", "/dang-xuat/", {}, {ANON: 302, OWNER: 302, SIBLING: 302, OUTSIDER: 302}),
    "set_language": (
        "post",
        "/i18n/setlang/",
        {"language": "vi"},
        {ANON: 302, OWNER: 302, SIBLING: 302, OUTSIDER: 302},
    ),
    "orgs:unit_list": (
        "get",
        "/don-vi/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "orgs:unit_detail": (
        "get",
        "/don-vi/{unit}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "orgs:unit_edit": (
        "post",
        "/don-vi/{unit}/sua/",
        {"name": "X"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "orgs:unit_history": (
        "get",
        "/don-vi/{unit}/lich-su/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "openapi-json": (
        "get",
        "/api/v1/openapi.json",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "openapi-view": (
        "get",
        "/api/v1/docs",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "api-root": ("get", "/api/v1/", None, {ANON: 404, OWNER: 404, SIBLING: 404, OUTSIDER: 404}),
    "list_units": (
        "get",
        "/api/v1/units/",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "create_unit": (
        "post",
        "/api/v1/units/",
        {"kind": "division", "name": "Tổ công tác", "parent": "{unit}"},
        {ANON: 401, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "get_unit": (
        "get",
        "/api/v1/units/{unit}/",
        None,
        {ANON: 401, OWNER: PUBLIC_REGISTRY, SIBLING: PUBLIC_REGISTRY, OUTSIDER: PUBLIC_REGISTRY},
    ),
    "patch_unit": (
        "patch",
        "/api/v1/units/{unit}/",
        {"email": "x@y.vn"},
        {ANON: 401, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "get_subtree": (
        "get",
        "/api/v1/units/{unit}/subtree/",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "get_history": (
        "get",
        "/api/v1/units/{unit}/history/",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "list_roles": (
        "get",
        "/api/v1/roles/",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "grant_role": (
        "post",
        "/api/v1/roles/",
        {"username": "charlie", "role": "editor", "unit": "{unit}"},
        {ANON: 401, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "plans:list": (
        "get",
        "/ke-hoach/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "plans:upload": (
        "get",
        "/ke-hoach/nhap/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "plans:review": (
        "get",
        "/ke-hoach/nhap/{upload}/",
        None,
        {ANON: LOGIN, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:detail": (
        "get",
        "/ke-hoach/{plan}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:edit": (
        "post",
        "/ke-hoach/{plan}/sua/",
        {"number": "1"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:theme_add": (
        "post",
        "/ke-hoach/{plan}/noi-dung/",
        {"text": "x"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:assignment_add": (
        "post",
        "/ke-hoach/{plan}/nhiem-vu/",
        {"assignee_text": "UBND xã", "text": "x"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:theme_change": (
        "post",
        "/ke-hoach/{plan}/noi-dung/{theme}/",
        {"delete": "1"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:mention_map": (
        "post",
        "/ke-hoach/{plan}/anh-xa/{mention}/",
        {"units": "{unit}"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:unit_search": (
        "get",
        "/ke-hoach/{plan}/tim-don-vi/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:amend": (
        "post",
        "/ke-hoach/{plan}/sua-doi/",
        {},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "plans:download": (
        "get",
        "/ke-hoach/{plan}/tai-ve.docx",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "activities:list": (
        "get",
        "/hoat-dong/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "activities:new": (
        "post",
        "/hoat-dong/them/",
        {
            "unit": "{unit}",
            "kind": "loudspeaker",
            "channel": "commune_radio",
            "title": "x",
            "date": "2026-03-02",
            "quantity": "1",
            "measure": "broadcasts",
        },
        {ANON: LOGIN, OWNER: 302, SIBLING: 200, OUTSIDER: 403},
    ),
    "activities:bulk_confirm": (
        "post",
        "/hoat-dong/xac-nhan/",
        {"ids": "{activity}"},
        {ANON: LOGIN, OWNER: 302, SIBLING: 302, OUTSIDER: 302},
    ),
    "activities:export": (
        "get",
        "/hoat-dong/xuat.csv",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "activities:detail": (
        "get",
        "/hoat-dong/{activity}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "activities:delete": (
        "post",
        "/hoat-dong/{activity}/xoa/",
        {},
        {ANON: LOGIN, OWNER: 302, SIBLING: 404, OUTSIDER: 404},
    ),
    "activities:restore": (
        "post",
        "/hoat-dong/{activity}/khoi-phuc/",
        {},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "activities:attachment": (
        "get",
        "/hoat-dong/tep/{attachment}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "activities:excel_template": (
        "get",
        "/hoat-dong/mau-excel.xlsx",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 403},
    ),
    "activities:excel_upload": (
        "get",
        "/hoat-dong/nhap-excel/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 403},
    ),
    "activities:excel_preview": (
        "get",
        "/hoat-dong/nhap-excel/{xlsupload}/",
        None,
        {ANON: LOGIN, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "activities:excel_errors": (
        "get",
        "/hoat-dong/nhap-excel/{xlsupload}/dong-can-sua.xlsx",
        None,
        {ANON: LOGIN, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "list_activities": (
        "get",
        "/api/v1/activities/",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "create_activity": (
        "post",
        "/api/v1/activities/",
        {
            "unit": "{unit}",
            "channel": "commune_radio",
            "kind": "loudspeaker",
            "title": "x",
            "date": "2026-03-03",
        },
        {ANON: 401, OWNER: 201, SIBLING: 403, OUTSIDER: 403},
    ),
    # without a file the request is refused before any lookup; who may attach to whose activity
    # is proven in activities/tests/test_api.py::test_files_attach_only_to_ones_own_activities
    "add_file": (
        "post",
        "/api/v1/activities/{activity}/files/",
        None,
        {ANON: 401, OWNER: 400, SIBLING: 400, OUTSIDER: 400},
    ),
    "get_activity": (
        "get",
        "/api/v1/activities/{activity}/",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "patch_activity": (
        "patch",
        "/api/v1/activities/{activity}/",
        {"quantity": 2},
        {ANON: 401, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "delete_activity": (
        "delete",
        "/api/v1/activities/{activity}/",
        None,
        {ANON: 401, OWNER: 204, SIBLING: 404, OUTSIDER: 404},
    ),
    "taxonomy": (
        "get",
        "/api/v1/taxonomy/",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "radio:from_fair": (  # the province's coordinators write it for several communes
        "post",
        "/truyen-thanh/tu-hoi-cho/{fair}/",
        {},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "directory:fair_outcome": (  # the moderators of the fair's commune only
        "post",
        "/hang-viet/hoi-cho/{fair}/ket-qua/",
        {"visitors": "5"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "outcomes:home": (  # each sees the figures of the units they may read
        "get",
        "/ket-qua-dau-ra/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "portal:survey": (  # public: no survey round open in the sweep's world
        "get",
        "/khao-sat/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "portal:survey_results": (
        "get",
        "/khao-sat/ket-qua/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "portal:survey_qr": (
        "get",
        "/khao-sat/qr.svg",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "exchange:desk": (
        "get",
        "/lien-thong/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "exchange:consolidated": (
        "get",
        "/lien-thong/tong-hop/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "exchange:receive": (  # only a request signed with a partner's key
        "post",
        "/lien-thong/nhan/",
        {},
        {ANON: 401, OWNER: 401, SIBLING: 401, OUTSIDER: 401},
    ),
    "exchange:send": (  # only the signer sends; the addressee sees it but may not send it
        "post",
        "/lien-thong/gui/{signed}/",
        {},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "exchange:package": (
        "get",
        "/lien-thong/{package}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "exchange:download": (
        "get",
        "/lien-thong/{package}/tai-ve/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:inbox": (
        "get",
        "/bao-cao/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "reporting:incoming": (
        "get",
        "/bao-cao/van-ban-den/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "reporting:incoming_detail": (
        "get",
        "/bao-cao/van-ban-den/{signed}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:report": (
        "get",
        "/bao-cao/yeu-cau/{request}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:report_action": (
        "post",
        "/bao-cao/yeu-cau/{request}/thao-tac/",
        {"action": "start"},
        {ANON: LOGIN, OWNER: 302, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:evidence": (
        "get",
        "/bao-cao/bao-cao/{report}/chi-tieu/{indicator}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:cycle": (
        "get",
        "/bao-cao/ke-hoach/{plan}/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "reporting:adhoc": (
        "get",
        "/bao-cao/ke-hoach/{plan}/dot-xuat/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "reporting:cycle_period": (
        "get",
        "/bao-cao/ke-hoach/{plan}/2026H1/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "reporting:download": (
        "get",
        "/bao-cao/ke-hoach/{plan}/2026H1/bao-cao.docx",
        None,
        {ANON: LOGIN, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:cycle_sign": (
        "post",
        "/bao-cao/ke-hoach/{plan}/2026H1/ky-so/",
        {"confirm": "1"},
        {ANON: LOGIN, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:cycle_preview": (
        "get",
        "/bao-cao/ke-hoach/{plan}/2026H1/ky-so/xem-truoc.pdf",
        None,
        {ANON: LOGIN, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:signed_download": (
        "get",
        "/bao-cao/ke-hoach/{plan}/2026H1/ban-ky-so/1.pdf",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "reporting:cycle_section": (
        "post",
        "/bao-cao/ke-hoach/{plan}/2026H1/muc/results/",
        {"text": "Sửa", "lock_version": "0"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "reporting:indicator_detail": (
        "get",
        "/bao-cao/ke-hoach/{plan}/2026H1/chi-tieu/{indicator}/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "reporting:report_download": (
        "get",
        "/bao-cao/bao-cao/{report}/tai-ve.docx",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "get_period": (
        "get",
        "/api/v1/periods/2026H1/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "directory:home": (
        "get",
        "/hang-viet/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "directory:map": (
        "get",
        "/hang-viet/ban-do/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "directory:apply": (
        "get",
        "/hang-viet/dang-ky/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "directory:moderation": (
        "get",
        "/hang-viet/kiem-duyet/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "directory:review": (
        "post",
        "/hang-viet/kiem-duyet/producer/{producer}/",
        {"action": "approve"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "directory:open_data": (
        "get",
        "/hang-viet/du-lieu.json",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "directory:listing": (
        "get",
        "/hang-viet/nha-san-xuat/{producer}/",
        None,
        {ANON: 404, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "directory:photos": (
        "post",
        "/hang-viet/kiem-duyet/product/{product}/anh/",
        {"remove": "{photo}"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "directory:photo": (
        "get",
        "/hang-viet/anh/{photo}/nho/",
        None,
        {ANON: 404, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "monitoring:home": (
        "get",
        "/giam-sat/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "monitoring:article": (
        "post",
        "/giam-sat/bai/{article}/",
        {"action": "confirm"},
        {ANON: LOGIN, OWNER: 302, SIBLING: 404, OUTSIDER: 404},
    ),
    "monitoring:sources": (
        "post",
        "/giam-sat/nguon/",
        {"name": "X", "url": "http://127.0.0.1:9/x", "kind": "feed", "unit": "{unit}"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "monitoring:source": (
        "post",
        "/giam-sat/nguon/{source}/",
        {"action": "resume"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "monitoring:lexicon": (
        "post",
        "/giam-sat/tu-khoa/",
        {"topic": "campaign", "phrase": "hàng giả", "weight": "9"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "radio:list": (
        "get",
        "/truyen-thanh/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "radio:new": (
        "get",
        "/truyen-thanh/moi/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 403},
    ),
    "radio:detail": (
        "get",
        "/truyen-thanh/{bulletin}/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "radio:edit": (
        "post",
        "/truyen-thanh/{bulletin}/sua/",
        {"title": "Đổi"},
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "radio:audio": (
        "post",
        "/truyen-thanh/{bulletin}/am-thanh/",
        {},
        {ANON: LOGIN, OWNER: 302, SIBLING: 404, OUTSIDER: 404},
    ),
    "radio:download": (
        "get",
        "/truyen-thanh/{bulletin}/tai.mp3",
        None,
        {ANON: LOGIN, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "radio:package": (
        "get",
        "/truyen-thanh/{bulletin}/goi.zip",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "radio:broadcast_done": (
        "post",
        "/truyen-thanh/phat/{broadcast}/xong/",
        {},
        {ANON: LOGIN, OWNER: 302, SIBLING: 404, OUTSIDER: 404},
    ),
    "admin_login": (
        "get",
        "/admin/login/",
        None,
        {ANON: 302, OWNER: 302, SIBLING: 302, OUTSIDER: 302},
    ),
    "accounts:account": (
        "get",
        "/tai-khoan/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "accounts:notifications": (
        "post",
        "/tai-khoan/thong-bao/",
        {"daily_digest": "on"},
        {ANON: LOGIN, OWNER: 302, SIBLING: 302, OUTSIDER: 302},
    ),
    "accounts:unsubscribe": (
        "get",
        "/tai-khoan/thu-hang-ngay/huy/khong-hop-le/",
        None,
        {ANON: 404, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
    "robots": ("get", "/robots.txt", None, {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200}),
    "manifest": (
        "get",
        "/manifest.webmanifest",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "activities:service_worker": (
        "get",
        "/hoat-dong/sw.js",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "accounts:two_factor": (
        "get",
        "/tai-khoan/xac-thuc-hai-buoc/",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "accounts:login_code": (
        "post",
        "/tai-khoan/ma-dang-nhap/",
        {"code": "123456"},
        {ANON: 302, OWNER: 302, SIBLING: 302, OUTSIDER: 302},
    ),
    "accounts:token_revoke": (
        "post",
        "/tai-khoan/ma-truy-cap/{token}/thu-hoi/",
        {},
        {ANON: LOGIN, OWNER: 302, SIBLING: 404, OUTSIDER: 404},
    ),
    "analytics:home": (
        "get",
        "/thong-ke/?don-vi={unit}",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "analytics:csv": (
        "get",
        "/thong-ke/du-lieu.csv?don-vi={unit}&theo=unit",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "analytics:coverage": (
        "get",
        "/thong-ke/pham-vi/?don-vi={unit}",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "analytics:overview": (
        "get",
        "/thong-ke/tong-quan/?don-vi={unit}",
        None,
        {ANON: LOGIN, OWNER: 200, SIBLING: 404, OUTSIDER: 404},
    ),
    "stats_activities": (
        "get",
        "/api/v1/stats/activities?period=2026H1&group_by=unit",
        None,
        {ANON: 401, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "search_directory": (
        "get",
        "/api/v1/directory/search?q=che",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "portal:news": ("get", "/tin-tuc/", None, {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200}),
    "portal:news_feed": (
        "get",
        "/tin-tuc/rss.xml",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "portal:widget": (
        "get",
        "/tin-tuc/nhung/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "portal:fairs_feed": (
        "get",
        "/hoi-cho.xml",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "portal:campaign": (
        "get",
        "/cuoc-van-dong/",
        None,
        {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200},
    ),
    "sitemap": ("get", "/sitemap.xml", None, {ANON: 200, OWNER: 200, SIBLING: 200, OUTSIDER: 200}),
    "activities:return": (
        "post",
        "/hoat-dong/{activity}/can-bo-sung/",
        {"comment": "Thiếu ảnh."},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "activities:return_answer": (
        "post",
        "/hoat-dong/bo-sung/{returned}/",
        {"answer": "Đã bổ sung."},
        {ANON: LOGIN, OWNER: 302, SIBLING: 404, OUTSIDER: 404},
    ),
    "radio:spoken_forms": (
        "get",
        "/truyen-thanh/cach-doc/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "reporting:quality": (
        "get",
        "/bao-cao/ke-hoach/{plan}/2026H1/chat-luong/",
        None,
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "reporting:quality_action": (
        "post",
        "/bao-cao/ke-hoach/{plan}/2026H1/chat-luong/thao-tac/",
        {"action": "draw", "size": "1"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 403, OUTSIDER: 403},
    ),
    "activities:publish": (
        "post",
        "/hoat-dong/{activity}/cong-khai/",
        {"public": "1"},
        {ANON: LOGIN, OWNER: 403, SIBLING: 404, OUTSIDER: 404},
    ),
    "revoke_role": (
        "delete",
        "/api/v1/roles/{role}/",
        None,
        {ANON: 401, OWNER: 404, SIBLING: 404, OUTSIDER: 404},
    ),
}


def _route_names(resolver: URLResolver) -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("admin/"):
                continue  # Django admin: staff only, covered by Django's own checks
            names |= _route_names(p)
        elif isinstance(p, URLPattern) and p.name:
            namespace = resolver.namespace if isinstance(resolver, URLResolver) else None
            # Routes of the apps are named "app:name"; the API (namespace "api") by name.
            names.add(f"{namespace}:{p.name}" if namespace and namespace != "api" else p.name)
    return names


def test_every_route_is_swept():
    assert _route_names(get_resolver()) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_route_as_each_person(name, world, people):
    from hangviet.orgs.models import RoleAssignment

    method, template, body, expected = CASES[name]

    ids = objects_for_sweep(world, people)
    role = RoleAssignment.objects.get(pk=ids["role"])
    from hangviet.activities.models import Activity
    from hangviet.directory.models import Product
    from hangviet.plans.models import Plan
    from hangviet.radio.models import Broadcast, Bulletin

    plan = Plan.objects.get(pk=ids["plan"])
    activity = Activity.all_objects.get(pk=ids["activity"])
    product = Product.objects.get(pk=ids["product"])
    photo = product.photos.get(pk=ids["photo"])
    bulletin = Bulletin.objects.get(pk=ids["bulletin"])
    url = template.format(**ids)
    for person, status in sorted(expected.items(), key=lambda kv: kv[0] == OWNER):
        # The owner goes last: a delete or confirm by the owner must not hide what the
        # sibling and the outsider were refused.
        client = Client()
        if person != ANON:
            client.force_login(people[person])
        payload = None
        if body is not None:
            payload = {
                k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v)
                for k, v in body.items()
            }
        if url.startswith("/api/") and payload is not None:
            response = getattr(client, method)(
                url, json.dumps(payload), content_type="application/json"
            )
        else:
            response = getattr(client, method)(url, payload or {})
        assert response.status_code == status, (name, person, response.content[:300])
    # Nothing the owner's sibling or an outsider did changed the owner's data.
    world["commune"].refresh_from_db()
    assert world["commune"].email == "" and world["commune"].name.endswith("Tân Cương")
    assert RoleAssignment.objects.filter(pk=role.pk).exists()
    plan.refresh_from_db()
    assert plan.number == "" and plan.version == 1 and plan.themes.count() == 2
    activity.refresh_from_db()
    assert not activity.is_public
    assert product.photos.filter(pk=photo.pk).exists()
    from hangviet.monitoring.models import LexiconTerm

    assert not LexiconTerm.objects.filter(phrase="hàng giả", weight=9).exists()
    bulletin.refresh_from_db()
    assert bulletin.title == "Bản tin"
    assert Broadcast.objects.filter(done_at__isnull=False).count() <= 1
