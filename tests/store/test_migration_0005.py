"""0005_declarations numbers the incidents stored before 事件编号 existed, on both backends."""

from __future__ import annotations

from sqlalchemy import text

from techzone.store.database import create_store_engine, migrate


def test_incidents_stored_before_numbers_get_kind_and_day(store_url: str) -> None:
    engine = create_store_engine(store_url)
    try:
        migrate(engine, "0004")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO zone (id, code, name, level, province, city, focus_industries)"
                    " VALUES (1, 'GS-BY', '白银高新区', 'national', '甘肃省', '白银市', '[]')"
                )
            )
            connection.execute(
                text("INSERT INTO park (id, zone_id, code, name) VALUES (1, 1, 'YD', '银东')")
            )
            connection.execute(
                text(
                    "INSERT INTO enterprise (id, uscc, name, park_id, registered_on, ownership,"
                    " above_scale, listing) VALUES (1, '91110000600037341L', '示例', 1,"
                    " '2019-03-05', 'private', false, 'unlisted')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO incident (id, enterprise_id, kind, occurred_on) VALUES"
                    " (1, 1, 'major_safety', '2025-03-01'), (2, 1, 'major_quality', '2025-03-01')"
                )
            )
        migrate(engine)
        with engine.connect() as connection:
            refs = connection.execute(text("SELECT ref FROM incident ORDER BY id")).scalars()
            assert list(refs) == ["重大安全事故-2025-03-01", "重大质量事故-2025-03-01"]
            # The number is the key now: a second incident of one kind on one day can be stored.
            connection.execute(
                text(
                    "INSERT INTO incident (id, enterprise_id, ref, kind, occurred_on) VALUES"
                    " (3, 1, '白安罚〔2025〕7号', 'major_safety', '2025-03-01')"
                )
            )
    finally:
        engine.dispose()
