"""Issue 18: the collective agreement an attribution falls under (ACD, ACI, none), as the landlord's CAL says it
(DecisionCAL.accord_collectif, blank = not said); the history triggers of django-pghistory carry the new column."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("positionnements", "0006_journal_de_transition"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="decisioncal",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="decisioncal",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="decisioncal",
            name="delete_delete",
        ),
        migrations.AddField(
            model_name="decisioncal",
            name="accord_collectif",
            field=models.CharField(
                blank=True,
                choices=[
                    ("ACD", "Accord collectif départemental"),
                    ("ACI", "Accord collectif intercommunal"),
                    ("AUCUN", "Aucun"),
                ],
                help_text="L'accord collectif dont relève l'attribution, dit par la CAL (vide : non dit).",
                max_length=5,
                verbose_name="accord collectif",
            ),
        ),
        migrations.AddField(
            model_name="decisioncalevent",
            name="accord_collectif",
            field=models.CharField(
                blank=True,
                choices=[
                    ("ACD", "Accord collectif départemental"),
                    ("ACI", "Accord collectif intercommunal"),
                    ("AUCUN", "Aucun"),
                ],
                help_text="L'accord collectif dont relève l'attribution, dit par la CAL (vide : non dit).",
                max_length=5,
                verbose_name="accord collectif",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="decisioncal",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "positionnements_decisioncalevent" ("accord_collectif", "condition", "date_bail", "date_cal", "date_reponse", "decision", "depot_id", "id", "logement_au_bail", "menage", "modifiee_le", "motif", "motif_refus", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "positionnement_id", "rang", "reponse") VALUES (NEW."accord_collectif", NEW."condition", NEW."date_bail", NEW."date_cal", NEW."date_reponse", NEW."decision", NEW."depot_id", NEW."id", NEW."logement_au_bail", NEW."menage", NEW."modifiee_le", NEW."motif", NEW."motif_refus", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."positionnement_id", NEW."rang", NEW."reponse"); RETURN NULL;',
                    hash="be0eab15232a92671f28bb0a4ab7288d5c14fd13",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_370a9",
                    table="positionnements_decisioncal",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="decisioncal",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "positionnements_decisioncalevent" ("accord_collectif", "condition", "date_bail", "date_cal", "date_reponse", "decision", "depot_id", "id", "logement_au_bail", "menage", "modifiee_le", "motif", "motif_refus", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "positionnement_id", "rang", "reponse") VALUES (NEW."accord_collectif", NEW."condition", NEW."date_bail", NEW."date_cal", NEW."date_reponse", NEW."decision", NEW."depot_id", NEW."id", NEW."logement_au_bail", NEW."menage", NEW."modifiee_le", NEW."motif", NEW."motif_refus", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."positionnement_id", NEW."rang", NEW."reponse"); RETURN NULL;',
                    hash="d7639258371d80a6b03e7c4bc28f18727b252a33",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_a94de",
                    table="positionnements_decisioncal",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="decisioncal",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "positionnements_decisioncalevent" ("accord_collectif", "condition", "date_bail", "date_cal", "date_reponse", "decision", "depot_id", "id", "logement_au_bail", "menage", "modifiee_le", "motif", "motif_refus", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "positionnement_id", "rang", "reponse") VALUES (OLD."accord_collectif", OLD."condition", OLD."date_bail", OLD."date_cal", OLD."date_reponse", OLD."decision", OLD."depot_id", OLD."id", OLD."logement_au_bail", OLD."menage", OLD."modifiee_le", OLD."motif", OLD."motif_refus", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."positionnement_id", OLD."rang", OLD."reponse"); RETURN NULL;',
                    hash="7e5a1149c4aae4596e743b555460e1c2d40b8dd1",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_e9e75",
                    table="positionnements_decisioncal",
                    when="AFTER",
                ),
            ),
        ),
    ]
