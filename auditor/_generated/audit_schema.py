# Generated from auditor/schema.py by `make schema` with fastjsonschema 2.22.3. Do not edit.
# Schema digest: sha256:01fcee973e9801f388989d26a6dae473c1277c596cc265cf30fa3f0ff0da877d
# ruff: noqa
# mypy: ignore-errors
VERSION = "2.22.3"
from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[a-z0-9][a-z0-9-]*$': re.compile('^[a-z0-9][a-z0-9-]*\\Z'),
    '^sha256:[0-9a-f]{16}$': re.compile('^sha256:[0-9a-f]{16}\\Z'),
    'date_re_pattern': re.compile('^(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))|(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)\\Z')
}

NoneType = type(None)

def validate(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', 'type': 'object', 'additionalProperties': False, 'required': ['checklist', 'mode', 'answers'], 'properties': {'checklist': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'hash': {'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}}}, 'mode': {'enum': ['candidate', 'self']}, 'company': {'type': 'string'}, 'team': {'type': 'string'}, 'role': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'answers': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, 'responses': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}}}}}, 'respondents': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}}, 'disagreement_threshold': {'type': 'number', 'minimum': 0, 'maximum': 100}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['checklist', 'mode', 'answers']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', 'type': 'object', 'additionalProperties': False, 'required': ['checklist', 'mode', 'answers'], 'properties': {'checklist': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'hash': {'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}}}, 'mode': {'enum': ['candidate', 'self']}, 'company': {'type': 'string'}, 'team': {'type': 'string'}, 'role': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'answers': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, 'responses': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}}}}}, 'respondents': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}}, 'disagreement_threshold': {'type': 'number', 'minimum': 0, 'maximum': 100}}}, rule='required')
        data_keys = set(data.keys())
        if "checklist" in data_keys:
            data_keys.remove("checklist")
            data__checklist = data["checklist"]
            if not isinstance(data__checklist, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist must be object", value=data__checklist, name="" + (name_prefix or "data") + ".checklist", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'hash': {'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}}}, rule='type')
            data__checklist_is_dict = isinstance(data__checklist, dict)
            if data__checklist_is_dict:
                data__checklist__missing_keys = set(['id']) - data__checklist.keys()
                if data__checklist__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist must contain " + (str(sorted(data__checklist__missing_keys)) + " properties"), value=data__checklist, name="" + (name_prefix or "data") + ".checklist", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'hash': {'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}}}, rule='required')
                data__checklist_keys = set(data__checklist.keys())
                if "id" in data__checklist_keys:
                    data__checklist_keys.remove("id")
                    data__checklist__id = data__checklist["id"]
                    if not isinstance(data__checklist__id, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist.id must be string", value=data__checklist__id, name="" + (name_prefix or "data") + ".checklist.id", definition={'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, rule='type')
                    if isinstance(data__checklist__id, str):
                        if not REGEX_PATTERNS['^[a-z0-9][a-z0-9-]*$'].search(data__checklist__id):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist.id must match pattern ^[a-z0-9][a-z0-9-]*$", value=data__checklist__id, name="" + (name_prefix or "data") + ".checklist.id", definition={'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, rule='pattern')
                if "version" in data__checklist_keys:
                    data__checklist_keys.remove("version")
                    data__checklist__version = data__checklist["version"]
                    if not isinstance(data__checklist__version, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist.version must be string", value=data__checklist__version, name="" + (name_prefix or "data") + ".checklist.version", definition={'type': 'string', 'minLength': 1}, rule='type')
                    if isinstance(data__checklist__version, str):
                        data__checklist__version_len = len(data__checklist__version)
                        if data__checklist__version_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist.version must be longer than or equal to 1 characters", value=data__checklist__version, name="" + (name_prefix or "data") + ".checklist.version", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                if "hash" in data__checklist_keys:
                    data__checklist_keys.remove("hash")
                    data__checklist__hash = data__checklist["hash"]
                    if not isinstance(data__checklist__hash, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist.hash must be string", value=data__checklist__hash, name="" + (name_prefix or "data") + ".checklist.hash", definition={'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}, rule='type')
                    if isinstance(data__checklist__hash, str):
                        if not REGEX_PATTERNS['^sha256:[0-9a-f]{16}$'].search(data__checklist__hash):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist.hash must match pattern ^sha256:[0-9a-f]{16}$", value=data__checklist__hash, name="" + (name_prefix or "data") + ".checklist.hash", definition={'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}, rule='pattern')
                if data__checklist_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".checklist must not contain "+str(data__checklist_keys)+" properties", value=data__checklist, name="" + (name_prefix or "data") + ".checklist", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'hash': {'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}}}, rule='additionalProperties')
        if "mode" in data_keys:
            data_keys.remove("mode")
            data__mode = data["mode"]
            if not (isinstance(data__mode, str) and data__mode == 'candidate' or isinstance(data__mode, str) and data__mode == 'self'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mode must be one of ['candidate', 'self']", value=data__mode, name="" + (name_prefix or "data") + ".mode", definition={'enum': ['candidate', 'self']}, rule='enum')
        if "company" in data_keys:
            data_keys.remove("company")
            data__company = data["company"]
            if not isinstance(data__company, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".company must be string", value=data__company, name="" + (name_prefix or "data") + ".company", definition={'type': 'string'}, rule='type')
        if "team" in data_keys:
            data_keys.remove("team")
            data__team = data["team"]
            if not isinstance(data__team, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".team must be string", value=data__team, name="" + (name_prefix or "data") + ".team", definition={'type': 'string'}, rule='type')
        if "role" in data_keys:
            data_keys.remove("role")
            data__role = data["role"]
            if not isinstance(data__role, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".role must be string", value=data__role, name="" + (name_prefix or "data") + ".role", definition={'type': 'string'}, rule='type')
        if "date" in data_keys:
            data_keys.remove("date")
            data__date = data["date"]
            if not isinstance(data__date, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".date must be string", value=data__date, name="" + (name_prefix or "data") + ".date", definition={'type': 'string', 'format': 'date'}, rule='type')
            if isinstance(data__date, str):
                if not REGEX_PATTERNS["date_re_pattern"].match(data__date):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".date must be date", value=data__date, name="" + (name_prefix or "data") + ".date", definition={'type': 'string', 'format': 'date'}, rule='format')
        if "respondent" in data_keys:
            data_keys.remove("respondent")
            data__respondent = data["respondent"]
            if not isinstance(data__respondent, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondent must be string", value=data__respondent, name="" + (name_prefix or "data") + ".respondent", definition={'type': 'string'}, rule='type')
        if "respondent_name" in data_keys:
            data_keys.remove("respondent_name")
            data__respondentname = data["respondent_name"]
            if not isinstance(data__respondentname, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondent_name must be string", value=data__respondentname, name="" + (name_prefix or "data") + ".respondent_name", definition={'type': 'string'}, rule='type')
        if "interviewer" in data_keys:
            data_keys.remove("interviewer")
            data__interviewer = data["interviewer"]
            if not isinstance(data__interviewer, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".interviewer must be string", value=data__interviewer, name="" + (name_prefix or "data") + ".interviewer", definition={'type': 'string'}, rule='type')
        if "answers" in data_keys:
            data_keys.remove("answers")
            data__answers = data["answers"]
            if not isinstance(data__answers, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers must be object", value=data__answers, name="" + (name_prefix or "data") + ".answers", definition={'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, 'responses': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}}}}}, rule='type')
            data__answers_is_dict = isinstance(data__answers, dict)
            if data__answers_is_dict:
                data__answers_keys = set(data__answers.keys())
                for data__answers_key in data__answers_keys:
                    if data__answers_key not in []:
                        data__answers_value = data__answers.get(data__answers_key)
                        if not isinstance(data__answers_value, (dict)):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}".format(**locals()) + " must be object", value=data__answers_value, name="" + (name_prefix or "data") + ".answers.{data__answers_key}".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, 'responses': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}}}}, rule='type')
                        data__answers_value_is_dict = isinstance(data__answers_value, dict)
                        if data__answers_value_is_dict:
                            data__answers_value_keys = set(data__answers_value.keys())
                            if "answer" in data__answers_value_keys:
                                data__answers_value_keys.remove("answer")
                                data__answers_value__answer = data__answers_value["answer"]
                                if not isinstance(data__answers_value__answer, (str, int, float, Decimal, bool)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.answer".format(**locals()) + " must be string or number or boolean", value=data__answers_value__answer, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.answer".format(**locals()) + "", definition={'type': ['string', 'number', 'boolean']}, rule='type')
                            if "unknown" in data__answers_value_keys:
                                data__answers_value_keys.remove("unknown")
                                data__answers_value__unknown = data__answers_value["unknown"]
                                if not (isinstance(data__answers_value__unknown, str) and data__answers_value__unknown == 'not-asked' or isinstance(data__answers_value__unknown, str) and data__answers_value__unknown == 'did-not-know'):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.unknown".format(**locals()) + " must be one of ['not-asked', 'did-not-know']", value=data__answers_value__unknown, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.unknown".format(**locals()) + "", definition={'enum': ['not-asked', 'did-not-know']}, rule='enum')
                            if "na" in data__answers_value_keys:
                                data__answers_value_keys.remove("na")
                                data__answers_value__na = data__answers_value["na"]
                                if not isinstance(data__answers_value__na, (str)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.na".format(**locals()) + " must be string", value=data__answers_value__na, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.na".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                                if isinstance(data__answers_value__na, str):
                                    data__answers_value__na_len = len(data__answers_value__na)
                                    if data__answers_value__na_len < 1:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.na".format(**locals()) + " must be longer than or equal to 1 characters", value=data__answers_value__na, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.na".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                            if "note" in data__answers_value_keys:
                                data__answers_value_keys.remove("note")
                                data__answers_value__note = data__answers_value["note"]
                                if not isinstance(data__answers_value__note, (str)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.note".format(**locals()) + " must be string", value=data__answers_value__note, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.note".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                            if "nature" in data__answers_value_keys:
                                data__answers_value_keys.remove("nature")
                                data__answers_value__nature = data__answers_value["nature"]
                                if not (isinstance(data__answers_value__nature, str) and data__answers_value__nature == 'structural' or isinstance(data__answers_value__nature, str) and data__answers_value__nature == 'situational' or isinstance(data__answers_value__nature, str) and data__answers_value__nature == 'company-wide' or isinstance(data__answers_value__nature, str) and data__answers_value__nature == 'team-only' or isinstance(data__answers_value__nature, str) and data__answers_value__nature == 'temporary'):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.nature".format(**locals()) + " must be one of ['structural', 'situational', 'company-wide', 'team-only', 'temporary']", value=data__answers_value__nature, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.nature".format(**locals()) + "", definition={'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, rule='enum')
                            if "responses" in data__answers_value_keys:
                                data__answers_value_keys.remove("responses")
                                data__answers_value__responses = data__answers_value["responses"]
                                if not isinstance(data__answers_value__responses, (dict)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses".format(**locals()) + " must be object", value=data__answers_value__responses, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}}, rule='type')
                                data__answers_value__responses_is_dict = isinstance(data__answers_value__responses, dict)
                                if data__answers_value__responses_is_dict:
                                    data__answers_value__responses_keys = set(data__answers_value__responses.keys())
                                    for data__answers_value__responses_key in data__answers_value__responses_keys:
                                        if data__answers_value__responses_key not in []:
                                            data__answers_value__responses_value = data__answers_value__responses.get(data__answers_value__responses_key)
                                            if not isinstance(data__answers_value__responses_value, (dict)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}".format(**locals()) + " must be object", value=data__answers_value__responses_value, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}, rule='type')
                                            data__answers_value__responses_value_is_dict = isinstance(data__answers_value__responses_value, dict)
                                            if data__answers_value__responses_value_is_dict:
                                                data__answers_value__responses_value_keys = set(data__answers_value__responses_value.keys())
                                                if "answer" in data__answers_value__responses_value_keys:
                                                    data__answers_value__responses_value_keys.remove("answer")
                                                    data__answers_value__responses_value__answer = data__answers_value__responses_value["answer"]
                                                    if not isinstance(data__answers_value__responses_value__answer, (str, int, float, Decimal, bool)):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.answer".format(**locals()) + " must be string or number or boolean", value=data__answers_value__responses_value__answer, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.answer".format(**locals()) + "", definition={'type': ['string', 'number', 'boolean']}, rule='type')
                                                if "unknown" in data__answers_value__responses_value_keys:
                                                    data__answers_value__responses_value_keys.remove("unknown")
                                                    data__answers_value__responses_value__unknown = data__answers_value__responses_value["unknown"]
                                                    if not (isinstance(data__answers_value__responses_value__unknown, str) and data__answers_value__responses_value__unknown == 'not-asked' or isinstance(data__answers_value__responses_value__unknown, str) and data__answers_value__responses_value__unknown == 'did-not-know'):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.unknown".format(**locals()) + " must be one of ['not-asked', 'did-not-know']", value=data__answers_value__responses_value__unknown, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.unknown".format(**locals()) + "", definition={'enum': ['not-asked', 'did-not-know']}, rule='enum')
                                                if "na" in data__answers_value__responses_value_keys:
                                                    data__answers_value__responses_value_keys.remove("na")
                                                    data__answers_value__responses_value__na = data__answers_value__responses_value["na"]
                                                    if not isinstance(data__answers_value__responses_value__na, (str)):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.na".format(**locals()) + " must be string", value=data__answers_value__responses_value__na, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.na".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                                                    if isinstance(data__answers_value__responses_value__na, str):
                                                        data__answers_value__responses_value__na_len = len(data__answers_value__responses_value__na)
                                                        if data__answers_value__responses_value__na_len < 1:
                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.na".format(**locals()) + " must be longer than or equal to 1 characters", value=data__answers_value__responses_value__na, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.na".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                                                if "note" in data__answers_value__responses_value_keys:
                                                    data__answers_value__responses_value_keys.remove("note")
                                                    data__answers_value__responses_value__note = data__answers_value__responses_value["note"]
                                                    if not isinstance(data__answers_value__responses_value__note, (str)):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.note".format(**locals()) + " must be string", value=data__answers_value__responses_value__note, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.note".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                                                if "nature" in data__answers_value__responses_value_keys:
                                                    data__answers_value__responses_value_keys.remove("nature")
                                                    data__answers_value__responses_value__nature = data__answers_value__responses_value["nature"]
                                                    if not (isinstance(data__answers_value__responses_value__nature, str) and data__answers_value__responses_value__nature == 'structural' or isinstance(data__answers_value__responses_value__nature, str) and data__answers_value__responses_value__nature == 'situational' or isinstance(data__answers_value__responses_value__nature, str) and data__answers_value__responses_value__nature == 'company-wide' or isinstance(data__answers_value__responses_value__nature, str) and data__answers_value__responses_value__nature == 'team-only' or isinstance(data__answers_value__responses_value__nature, str) and data__answers_value__responses_value__nature == 'temporary'):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.nature".format(**locals()) + " must be one of ['structural', 'situational', 'company-wide', 'team-only', 'temporary']", value=data__answers_value__responses_value__nature, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}.nature".format(**locals()) + "", definition={'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, rule='enum')
                                                if data__answers_value__responses_value_keys:
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}".format(**locals()) + " must not contain "+str(data__answers_value__responses_value_keys)+" properties", value=data__answers_value__responses_value, name="" + (name_prefix or "data") + ".answers.{data__answers_key}.responses.{data__answers_value__responses_key}".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}, rule='additionalProperties')
                            if data__answers_value_keys:
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".answers.{data__answers_key}".format(**locals()) + " must not contain "+str(data__answers_value_keys)+" properties", value=data__answers_value, name="" + (name_prefix or "data") + ".answers.{data__answers_key}".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, 'responses': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}}}}, rule='additionalProperties')
        if "respondents" in data_keys:
            data_keys.remove("respondents")
            data__respondents = data["respondents"]
            if not isinstance(data__respondents, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents must be array", value=data__respondents, name="" + (name_prefix or "data") + ".respondents", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}}, rule='type')
            data__respondents_is_list = isinstance(data__respondents, (list, tuple))
            if data__respondents_is_list:
                data__respondents_len = len(data__respondents)
                if data__respondents_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents must contain at least 1 items", value=data__respondents, name="" + (name_prefix or "data") + ".respondents", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}}, rule='minItems')
                for data__respondents_x, data__respondents_item in enumerate(data__respondents):
                    if not isinstance(data__respondents_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}]".format(**locals()) + " must be object", value=data__respondents_item, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}, rule='type')
                    data__respondents_item_is_dict = isinstance(data__respondents_item, dict)
                    if data__respondents_item_is_dict:
                        data__respondents_item__missing_keys = set(['id']) - data__respondents_item.keys()
                        if data__respondents_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}]".format(**locals()) + " must contain " + (str(sorted(data__respondents_item__missing_keys)) + " properties"), value=data__respondents_item, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}, rule='required')
                        data__respondents_item_keys = set(data__respondents_item.keys())
                        if "id" in data__respondents_item_keys:
                            data__respondents_item_keys.remove("id")
                            data__respondents_item__id = data__respondents_item["id"]
                            if not isinstance(data__respondents_item__id, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].id".format(**locals()) + " must be string", value=data__respondents_item__id, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].id".format(**locals()) + "", definition={'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, rule='type')
                            if isinstance(data__respondents_item__id, str):
                                if not REGEX_PATTERNS['^[a-z0-9][a-z0-9-]*$'].search(data__respondents_item__id):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].id".format(**locals()) + " must match pattern ^[a-z0-9][a-z0-9-]*$", value=data__respondents_item__id, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].id".format(**locals()) + "", definition={'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, rule='pattern')
                        if "file" in data__respondents_item_keys:
                            data__respondents_item_keys.remove("file")
                            data__respondents_item__file = data__respondents_item["file"]
                            if not isinstance(data__respondents_item__file, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].file".format(**locals()) + " must be string", value=data__respondents_item__file, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].file".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='type')
                            if isinstance(data__respondents_item__file, str):
                                data__respondents_item__file_len = len(data__respondents_item__file)
                                if data__respondents_item__file_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].file".format(**locals()) + " must be longer than or equal to 1 characters", value=data__respondents_item__file, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].file".format(**locals()) + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                        if "respondent" in data__respondents_item_keys:
                            data__respondents_item_keys.remove("respondent")
                            data__respondents_item__respondent = data__respondents_item["respondent"]
                            if not isinstance(data__respondents_item__respondent, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].respondent".format(**locals()) + " must be string", value=data__respondents_item__respondent, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].respondent".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "respondent_name" in data__respondents_item_keys:
                            data__respondents_item_keys.remove("respondent_name")
                            data__respondents_item__respondentname = data__respondents_item["respondent_name"]
                            if not isinstance(data__respondents_item__respondentname, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].respondent_name".format(**locals()) + " must be string", value=data__respondents_item__respondentname, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].respondent_name".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "interviewer" in data__respondents_item_keys:
                            data__respondents_item_keys.remove("interviewer")
                            data__respondents_item__interviewer = data__respondents_item["interviewer"]
                            if not isinstance(data__respondents_item__interviewer, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].interviewer".format(**locals()) + " must be string", value=data__respondents_item__interviewer, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].interviewer".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "date" in data__respondents_item_keys:
                            data__respondents_item_keys.remove("date")
                            data__respondents_item__date = data__respondents_item["date"]
                            if not isinstance(data__respondents_item__date, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].date".format(**locals()) + " must be string", value=data__respondents_item__date, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].date".format(**locals()) + "", definition={'type': 'string', 'format': 'date'}, rule='type')
                            if isinstance(data__respondents_item__date, str):
                                if not REGEX_PATTERNS["date_re_pattern"].match(data__respondents_item__date):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}].date".format(**locals()) + " must be date", value=data__respondents_item__date, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}].date".format(**locals()) + "", definition={'type': 'string', 'format': 'date'}, rule='format')
                        if data__respondents_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".respondents[{data__respondents_x}]".format(**locals()) + " must not contain "+str(data__respondents_item_keys)+" properties", value=data__respondents_item, name="" + (name_prefix or "data") + ".respondents[{data__respondents_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}, rule='additionalProperties')
        if "disagreement_threshold" in data_keys:
            data_keys.remove("disagreement_threshold")
            data__disagreementthreshold = data["disagreement_threshold"]
            if not isinstance(data__disagreementthreshold, (int, float, Decimal)) or isinstance(data__disagreementthreshold, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".disagreement_threshold must be number", value=data__disagreementthreshold, name="" + (name_prefix or "data") + ".disagreement_threshold", definition={'type': 'number', 'minimum': 0, 'maximum': 100}, rule='type')
            if isinstance(data__disagreementthreshold, (int, float, Decimal)) and not isinstance(data__disagreementthreshold, bool):
                if data__disagreementthreshold < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".disagreement_threshold must be bigger than or equal to 0", value=data__disagreementthreshold, name="" + (name_prefix or "data") + ".disagreement_threshold", definition={'type': 'number', 'minimum': 0, 'maximum': 100}, rule='minimum')
                if data__disagreementthreshold > 100:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".disagreement_threshold must be smaller than or equal to 100", value=data__disagreementthreshold, name="" + (name_prefix or "data") + ".disagreement_threshold", definition={'type': 'number', 'minimum': 0, 'maximum': 100}, rule='maximum')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'http://json-schema.org/draft-07/schema#', 'type': 'object', 'additionalProperties': False, 'required': ['checklist', 'mode', 'answers'], 'properties': {'checklist': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'hash': {'type': 'string', 'pattern': '^sha256:[0-9a-f]{16}$'}}}, 'mode': {'enum': ['candidate', 'self']}, 'company': {'type': 'string'}, 'team': {'type': 'string'}, 'role': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'answers': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}, 'responses': {'type': 'object', 'additionalProperties': {'type': 'object', 'additionalProperties': False, 'properties': {'answer': {'type': ['string', 'number', 'boolean']}, 'unknown': {'enum': ['not-asked', 'did-not-know']}, 'na': {'type': 'string', 'minLength': 1}, 'note': {'type': 'string'}, 'nature': {'enum': ['structural', 'situational', 'company-wide', 'team-only', 'temporary']}}}}}}}, 'respondents': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9-]*$'}, 'file': {'type': 'string', 'minLength': 1}, 'respondent': {'type': 'string'}, 'respondent_name': {'type': 'string'}, 'interviewer': {'type': 'string'}, 'date': {'type': 'string', 'format': 'date'}}}}, 'disagreement_threshold': {'type': 'number', 'minimum': 0, 'maximum': 100}}}, rule='additionalProperties')
    return data