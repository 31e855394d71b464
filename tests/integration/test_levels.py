#!/usr/bin/python3
"""A plan cell that gives each level of government its own day ("Trước ngày
25/3/2022 đối với cấp xã; trước ngày 31/3/2022 đối với cấp huyện"): the real
daemon reminds a commune and a district of one task, each of its own day,
and `check` refuses a unit of a level the cell gives no day."""
import subprocess

import itlib
from itlib import IntegrationTest, maildir_files, read_message, recipients_of

WHEN = "Trước ngày 25/3/2022 đối với cấp xã; trước ngày 31/3/2022 đối với cấp huyện"
DISTRICT = {"id": "ubnd-huyen", "name": "UBND huyện Phú Vang", "tier": "district",
            "email": ["vanthu@phuvang.example.test"]}
COMMUNE = {"id": "ubnd-xa", "name": "UBND xã Phú Thuận", "tier": "commune", "email": ["vanthu@phuthuan.example.test"]}
DEPARTMENT = {"id": "so-noi-vu", "name": "Sở Nội vụ", "tier": "department", "email": ["vanthu@snv.example.test"]}


def task(lead):
    return {"id": "I.1", "title": "Rà soát thủ tục hành chính cấp huyện, cấp xã", "lead": lead, "when": WHEN}


class LevelsTest(IntegrationTest):
    def subjects_to(self, address):
        return [str(read_message(path)["Subject"]) for path in maildir_files(self.state_maildir())
                if address in recipients_of(read_message(path))]

    def test_01_each_level_is_reminded_of_its_own_day(self):
        self.write_config(itlib.config_text(self.state_dir, [DISTRICT, COMMUNE], [task(["ubnd-huyen", "ubnd-xa"])]))
        # 17/03/2022 is ten working days before the district's 31/03, and
        # 18/03 five before the commune's 25/03: each stage goes out on its
        # unit's own day.
        self.run_once(now="2022-03-17T08:00:00+07:00")
        self.run_once(now="2022-03-18T08:00:00+07:00")

        rows = self.outbox()
        self.assertTrue(rows, self.diagnostics())
        self.assertEqual({row["due"] for row in rows if row["unit"] == "ubnd-huyen"}, {"2022-03-31"})
        self.assertEqual({row["due"] for row in rows if row["unit"] == "ubnd-xa"}, {"2022-03-25"})

        district = self.subjects_to("vanthu@phuvang.example.test")
        commune = self.subjects_to("vanthu@phuthuan.example.test")
        self.assertTrue(district, "no reminder to the district\n" + self.diagnostics())
        self.assertTrue(commune, "no reminder to the commune\n" + self.diagnostics())
        self.assertTrue(all("hạn 31/03/2022" in subject for subject in district), district)
        self.assertTrue(all("hạn 25/03/2022" in subject for subject in commune), commune)

        # The agenda lists each unit with its own day.
        agenda = subprocess.run([itlib.BINARY, "agenda", "--config", self.config_path, "--from", "2022-03-01",
                                 "--to", "2022-04-30"], capture_output=True, text=True)
        self.assertEqual(agenda.returncode, 0, agenda.stderr)
        lines = agenda.stdout.splitlines()
        district_name, commune_name = DISTRICT["name"], COMMUNE["name"]
        self.assertTrue(any("2022-03-25" in line and commune_name in line for line in lines), agenda.stdout)
        self.assertTrue(any("2022-03-31" in line and district_name in line for line in lines), agenda.stdout)
        self.assertFalse(any("2022-03-31" in line and commune_name in line for line in lines), agenda.stdout)
        self.assertFalse(any("2022-03-25" in line and district_name in line for line in lines), agenda.stdout)

    def test_02_a_unit_of_a_level_given_no_day_fails_check(self):
        self.write_config(itlib.config_text(self.state_dir, [DISTRICT, COMMUNE, DEPARTMENT],
                                            [task(["so-noi-vu", "ubnd-huyen"])]))
        check = subprocess.run([itlib.BINARY, "check", "--config", self.config_path], capture_output=True, text=True)
        self.assertNotEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertIn('task "I.1": unit "so-noi-vu" (tier department) has no time in `when`, which gives one only '
                      "to tiers district, commune", check.stdout + check.stderr)


if __name__ == "__main__":
    itlib.main()
