/* format.c - the table of output formats, looked up by name. The formatters
 * themselves live in format_json.c, format_tsv.c and format_text.c. */
#include "format.h"

#include <string.h>

static const nt_formatter *const formats[] = {
    &nt_format_json,
    &nt_format_jsonl,
    &nt_format_tsv,
    &nt_format_text,
    &nt_format_xml,
    &nt_format_conll,
    &nt_format_brat,
    &nt_format_html,
};

const nt_formatter *nt_format_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcmp(formats[i]->name, name) == 0)
            return formats[i];
    return NULL;
}

/* Kept as a literal so callers need not free it; test_format checks that it
 * lists exactly the names of the table above, in order. */
const char *nt_format_names(void)
{
    return "json, jsonl, tsv, text, xml, conll, brat, html";
}
