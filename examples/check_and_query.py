"""Check the bundled example dataset, then ask it what a street office would ask.

python examples/check_and_query.py
"""

from __future__ import annotations

import os
import sys

from community_model import ActivityCategory, ProjectStatus, RecordKind, Ref, When, suzhou_2023


def main() -> None:
    page = suzhou_2023()
    problems = page.check()
    print(f"{len(page)} records; {len(problems)} problems")

    street = page.street("street:baiyangwan")
    print(f"\n{street.name}: communities")
    for community in page.communities_of(street.id):
        partners = ", ".join(p.display_name for p in page.partners_of(community.id)) or "-"
        print(f"  {community.name}: partners {partners}")

    print("\nactivities surely held in July-August 2023:")
    for activity in page.activities_between(When.month(2023, 7), When.month(2023, 8)):
        print(f"  {activity.when}  {activity.title}  ({activity.participants})")

    hospital = Ref(kind=RecordKind.PARTY_BRANCH, id="branch:caohu-hospital")
    clinics = page.activities_by(hospital)
    print(f"\nfree clinics by 漕湖人民医院党支部: {len(clinics)}")
    print(f"lectures: {len(page.activities_in(ActivityCategory.LECTURE))}")
    in_use = page.projects(status=ProjectStatus.IN_USE)
    print(f"projects in use (已投用): {', '.join(p.name for p in in_use)}")

    print("\nper street: activities, participants")
    for place in page.summary().streets:
        count = sum(place.activities_by_category.values())
        print(f"  {place.name}: {count} activities, participants {place.participants or '-'}")


if __name__ == "__main__":
    try:
        main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`... | head`): end quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
