from __future__ import annotations

import re
from datetime import UTC, datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groepsinzicht as gi
from groepsinzicht.errors import GroepsinzichtError

KEY = b"k" * 32


def tiny() -> gi.Dataset:
    posts = pl.DataFrame({
        "container_id": ["g", "g"], "post_id": ["g_1", "g_2"], "author_id": ["m1", "org"],
        "created_at": [datetime(2024, 1, 1, tzinfo=UTC)] * 2,
        "message": ["Hoi @Jan Jansen en @Jan, kijk 🎉", None],
        "mentions": [["m2", "m3"], None], "permalink": ["https://fb/g_1", None],
    })
    comments = pl.DataFrame({
        "container_id": ["g"], "comment_id": ["c1"], "post_id": ["g_1"], "author_id": ["m2"],
        "created_at": [datetime(2024, 1, 2, tzinfo=UTC)], "message": ["@Piet bedankt"],
    })
    reactions = pl.DataFrame({"container_id": ["g"], "target_id": ["c1"],
                              "target_kind": ["comment"], "actor_id": ["m3"],
                              "reaction_type": ["like"]})
    members = pl.DataFrame({
        "container_id": ["g"] * 4, "member_id": ["m1", "m2", "m3", "org"],
        "name": ["Piet", "Jan Jansen", "Jan", "Gemeente"], "is_organization": [False, False, False, True],
    })
    return gi.Dataset.from_frames(posts=posts, comments=comments, reactions=reactions,
                                  members=members, kind="group")


def test_identities_replaced_everywhere():
    ds = tiny()
    anon = gi.pseudonymize(ds, KEY)
    ids = set(anon.members.get_column("member_id"))
    assert "org" in ids  # the organisation keeps its id by default
    assert {"m1", "m2", "m3"}.isdisjoint(ids)
    assert all(i.startswith("ps:") for i in ids - {"org"})
    assert anon.members.get_column("name").null_count() == 4
    assert set(anon.posts.get_column("author_id")) <= ids
    assert set(anon.reactions.get_column("actor_id")) <= ids
    msg = anon.posts.get_column("message")[0]
    assert "Jan" not in msg and "Piet" not in msg
    assert msg.count("@ps:") == 2 and msg.endswith("kijk 🎉")
    assert anon.comments.get_column("message")[0].startswith("@ps:")
    # analyses still see the same shape
    assert anon.posts.height == ds.posts.height
    assert anon.reaction_counts.equals(ds.reaction_counts)


def test_mentions_consistent_with_members():
    anon = gi.pseudonymize(tiny(), KEY)
    mentioned = set(anon.posts.get_column("mentions").explode().drop_nulls())
    assert mentioned <= set(anon.members.get_column("member_id"))
    assert len(mentioned) == 2


def test_messages_drop_and_keep():
    assert gi.pseudonymize(tiny(), KEY, messages="drop").posts.get_column(
        "message").null_count() == 2
    kept = gi.pseudonymize(tiny(), KEY, messages="keep").posts.get_column("message")[0]
    assert "@Jan Jansen" in kept


def test_content_ids():
    anon = gi.pseudonymize(tiny(), KEY, content_ids=True)
    assert not set(anon.posts.get_column("post_id")) & {"g_1", "g_2"}
    assert anon.posts.get_column("permalink").null_count() == 2
    # the thread structure survives
    assert set(anon.comments.get_column("post_id")) <= set(anon.posts.get_column("post_id"))
    assert set(anon.reactions.get_column("target_id")) == set(anon.comments.get_column("comment_id"))


def test_keep_organization_off_and_keep_list():
    anon = gi.pseudonymize(tiny(), KEY, keep_organization=False, keep=["m1"])
    ids = set(anon.members.get_column("member_id"))
    assert "org" not in ids and "m1" in ids


def test_short_key_refused():
    with pytest.raises(GroepsinzichtError, match=re.escape("expected at least 16 bytes, got 3")):
        gi.pseudonymize(tiny(), b"abc")


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=30, unique=True),
       st.binary(min_size=16, max_size=32))
def test_deterministic_and_injective(ids, key):
    members = pl.DataFrame({"container_id": ["g"] * len(ids), "member_id": ids})
    ds = gi.Dataset.from_frames(members=members, kind="group")
    a = gi.pseudonymize(ds, key)
    b = gi.pseudonymize(ds, key)
    assert a == b
    assert a.members.get_column("member_id").n_unique() == len(ids)


def test_different_keys_differ():
    a = gi.pseudonymize(tiny(), KEY).members.get_column("member_id").to_list()
    b = gi.pseudonymize(tiny(), b"x" * 32).members.get_column("member_id").to_list()
    assert a != b


def test_suppress_small_cells():
    df = pl.DataFrame({"n": [0, 1, 4, 5], "m": [9, 2, 3, 0]})
    out = gi.suppress_small_cells(df, ["n", "m"], k=5)
    assert out.get_column("n").to_list() == [0, None, None, 5]
    assert out.get_column("m").to_list() == [9, None, None, 0]
    assert df.get_column("n").to_list() == [0, 1, 4, 5]  # input untouched


# ---------------------------------------------------------------- free text (issue 11)
def residents() -> gi.Dataset:
    posts = pl.DataFrame({
        "container_id": ["g"], "post_id": ["g_1"], "author_id": ["m1"],
        "created_at": [datetime(2024, 1, 1, tzinfo=UTC)], "message": ["Vraag"]})
    comments = pl.DataFrame({
        "container_id": ["g"], "comment_id": ["c1"], "post_id": ["g_1"],
        "author_id": ["m2"], "created_at": [datetime(2024, 1, 2, tzinfo=UTC)],
        "message": ["Hoi Anouk Jansen, vraag het FLEUR VAN DEN BERG of Fleur zelf. Mail "
                    "fleur.berg@example.nl, bel 06-12345678 of +31 6 1234 5678 of "
                    "010-1234567, IBAN NL91 ABNA 0417 1643 00, BSN 123456782. Op "
                    "12-03-2024 om 19:30 bij Dorpsstraat 12, 1234 AB, € 12,50. "
                    "Groet, Gemeente Oost"]})
    members = pl.DataFrame({
        "container_id": ["g"] * 3, "member_id": ["m1", "m2", "org"],
        "name": ["Anouk Jansen", "Fleur van den Berg", "Gemeente Oost"],
        "is_organization": [False, False, True]})
    rejected = pl.DataFrame({"source": ["f.json"], "location": ["$.data[0]"],
                             "reason": ["expected x, got 'Anouk Jansen belt 0612345678'"]})
    return gi.Dataset.from_frames(posts=posts, comments=comments, members=members,
                                  rejected=rejected, kind="group")


def test_free_text_masking_of_names_contacts_and_numbers():
    ds = residents()
    before = ds.comments.get_column("message").item()
    assert "Anouk Jansen" in before and "fleur.berg@example.nl" in before
    after = gi.pseudonymize(ds, KEY).comments.get_column("message").item()
    assert after == (
        "Hoi [naam], vraag het [naam] of Fleur zelf. Mail [e-mail], bel [telefoon] of "
        "[telefoon] of [telefoon], IBAN [iban], BSN [nummer]. Op 12-03-2024 om 19:30 bij "
        "Dorpsstraat 12, 1234 AB, € 12,50. Groet, Gemeente Oost")


def test_rejected_reason_is_scrubbed_too():
    anon = gi.pseudonymize(residents(), KEY)
    assert anon.rejected.get_column("reason").item() == "expected x, got '[naam] belt [telefoon]'"
    assert anon.rejected.get_column("excerpt").item() is None


def test_keep_leaves_texts_as_written():
    ds = residents()
    kept = gi.pseudonymize(ds, KEY, messages="keep")
    assert kept.comments.get_column("message").equals(ds.comments.get_column("message"))


@pytest.mark.parametrize("text", [
    "Anouk", "Anouk Jansens", "XAnouk Jansen", "1 mei 2024 om 10:00", "Postcode 1234 AB",
    "huisnummer 12a", "€ 1.250,00", "2024-05-01", "tel. 112",
])
def test_what_is_not_masked(text):
    masked = pl.select(gi.privacy.mask_text(pl.lit(text), ["Anouk Jansen"])).item()
    assert masked == text


def test_str_key_is_refused_with_a_clear_error():
    with pytest.raises(gi.errors.ParameterTypeError, match=re.escape(
            "pseudonymize: key: expected bytes (make one with gi.privacy.new_key() and keep "
            "it apart from the data), got str")):
        gi.pseudonymize(tiny(), "my secret key that is long enough")  # type: ignore[arg-type]


def test_new_key():
    key = gi.privacy.new_key()
    assert isinstance(key, bytes) and len(key) == 32
    assert key != gi.privacy.new_key()
    assert gi.pseudonymize(tiny(), key).members.height == 4
