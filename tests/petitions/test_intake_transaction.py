"""The public intake's one write transaction: the count and the petition together, a code clash drawn again."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from danvan.core.models import AuditEvent, RateLimitBucket
from danvan.petitions import antispam
from danvan.petitions.models import Petition
from danvan.petitions.services import PreparedPetition
from danvan.privacy.models import NoticeRecord

from .factories import register

CONTENT = "Phụ huynh lớp 11A2 phản ánh việc thu tiền điều hoà không có biên lai, đề nghị nhà trường công khai."


def form(**overrides):
    data = {
        "kind": "phan-anh",
        "subject": "",
        "content": CONTENT,
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": "Phạm Văn Dũng",
        "address": "3 Cầu Đất",
        "phone": "0987 654 321",
        "email": "",
        "website": "",
        "form_token": antispam.issue_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def url(school):
    return reverse("petitions:public_submit", args=[school.code])


def test_a_refused_count_stores_nothing_and_a_stored_petition_holds_its_count(school, settings):
    cache.clear()
    settings.DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 1),)
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert client.post(url(school), form()).status_code == 302
    refused = client.post(url(school), form())
    assert refused.status_code == 400 and "nhiều đơn" in refused.text and CONTENT in refused.text
    assert Petition.objects.count() == 1 and NoticeRecord.objects.count() == 1
    (bucket,) = RateLimitBucket.objects.all()
    assert len(bucket.hits) == 1  # the refusal counted nothing, the stored petition kept its count


def test_the_privacy_notice_is_stored_with_the_petition_in_its_one_trail_entry(school):
    Client(REMOTE_ADDR="198.51.100.8").post(url(school), form())
    petition = Petition.objects.get()
    assert NoticeRecord.objects.get(petition=petition).organisation_id == school.pk
    (entry,) = AuditEvent.objects.for_object(petition)
    assert entry.code == "petitions.petition.registered"
    assert entry.changes["noticerecord.version"][1] == NoticeRecord.objects.get().version
    assert entry.changes["petitionidentity.full_name"][1] == "[đã ẩn]"


def test_a_code_taken_between_the_look_up_and_the_commit_is_drawn_again(school, clerk, monkeypatch):
    taken = register(school, clerk)
    draw = PreparedPetition.draw_code
    calls = []

    def first_draw_clashes(self):
        draw(self)
        if not calls:  # another intake committed this code after our look-up
            self.petition.tracking_code = taken.tracking_code
        calls.append(self.petition.tracking_code)

    monkeypatch.setattr(PreparedPetition, "draw_code", first_draw_clashes)
    response = Client(REMOTE_ADDR="198.51.100.9").post(url(school), form())
    assert response.status_code == 302 and len(calls) == 2
    new = Petition.objects.exclude(pk=taken.pk).get()
    assert new.tracking_code == calls[1] != taken.tracking_code
    assert new.identity.full_name == "Phạm Văn Dũng" and new.fingerprints.count() == 16
    assert NoticeRecord.objects.filter(petition=new).count() == 1
    assert RateLimitBucket.objects.get().hits.__len__() == 1  # the failed attempt's count was rolled back
