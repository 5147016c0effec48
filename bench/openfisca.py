#!/usr/bin/env python3
"""OpenFisca side of the end-to-end comparison (`elig compare` on the same JSON Lines file).

    python3 bench/openfisca.py population.jsonl [--date 1998-11-30]

Runs only where `openfisca-core` is importable (`pip install openfisca-core`); otherwise it says it was
skipped and exits 0. PyPI is not reachable from the machine this repo was developed on, so this script
has NOT been run there: the OpenFisca figure in the README is the one measured in issue 14 (elig took
1/2.2 of OpenFisca's CPU time on 1M households from JSONL, 0 disagreements; JSON parsing was 8.6 of
elig's 9.6 CPU-s). It encodes Bolsa Escola DF's three eligibility criteria (a child aged 7-14, per-capita
income at most ½ minimum wage = 65 BRL in Nov 1998, the formal rule, 5 years' residency) as OpenFisca variables, reads
the file line by line as elig does, and prints CPU seconds and the eligible count to compare with
`elig compare br/bolsa-escola-df population.jsonl --date 1998-11-30`.
"""
import json
import sys
import time

try:
    import numpy as np
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import MONTH
    from openfisca_core.simulation_builder import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable
except ImportError:
    print("openfisca: skipped (openfisca-core is not importable here; `pip install openfisca-core` where PyPI is reachable)")
    sys.exit(0)

Person = build_entity(key="person", plural="persons", label="person", is_person=True)
Family = build_entity(key="family", plural="families", label="family",
                      roles=[{"key": "member", "plural": "members", "label": "member"}])


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH


class monthly_income(Variable):
    value_type = float
    entity = Family
    definition_period = MONTH


class residency_years(Variable):
    value_type = int
    entity = Family
    definition_period = MONTH


class bolsa_escola_eligible(Variable):
    value_type = bool
    entity = Family
    definition_period = MONTH

    def formula(family, period):
        ages = family.members("age", period)
        child = family.any((ages >= 7) * (ages <= 14))
        size = family.nb_persons()
        per_capita = family("monthly_income", period) / np.maximum(size, 1)
        return child * (per_capita <= 65) * (family("residency_years", period) >= 5)


def years_between(iso_from, iso_to):
    y1, m1, d1 = map(int, iso_from.split("-"))
    y2, m2, d2 = map(int, iso_to.split("-"))
    return y2 - y1 - (1 if (m2, d2) < (m1, d1) else 0)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    date = args[args.index("--date") + 1] if "--date" in args else "1998-11-30"
    period = date[:7]
    started = time.process_time()
    persons, families = {}, {}
    with open(args[0], encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            h = json.loads(line)
            ids = []
            for m in h["members"]:
                pid = f'{h["id"]}/{m["id"]}'
                a = years_between(m["birth_date"], date) if "birth_date" in m else m.get("age", 0)
                persons[pid] = {"age": {period: a}}
                ids.append(pid)
            families[h["id"]] = {
                "members": ids,
                "monthly_income": {period: h.get("monthly_income", 0)},
                "residency_years": {period: years_between(h["resident_since"], date) if "resident_since" in h else 0},
            }
    system = TaxBenefitSystem([Person, Family])
    for v in (age, monthly_income, residency_years, bolsa_escola_eligible):
        system.add_variable(v)
    simulation = SimulationBuilder().build_from_entities(system, {"persons": persons, "families": families})
    eligible = int(simulation.calculate("bolsa_escola_eligible", period).sum())
    print(json.dumps({"households": len(families), "eligible": eligible, "cpu_s": round(time.process_time() - started, 2)}))


main()
