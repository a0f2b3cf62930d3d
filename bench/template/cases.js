'use strict';
// The benchmark cases: the same page in both engines' syntax. Tera and Nunjucks share most of
// Jinja's syntax; where they differ (macro calls `m::f(x=1)` vs `m.f(1)`, filter arguments by
// name vs by position) each engine gets its own spelling of the same template. Outputs are
// compared before timing, so both engines do the same work.

function rows(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push({ id: i, name: `user ${i}`, email: `user${i}@example.org`, active: i % 3 !== 0, score: (i * 7919) % 1000 });
  }
  return out;
}

const loop = {
  description: 'a loop over 10k rows (4 fields, an if per row)',
  context: () => ({ title: 'Users', rows: rows(10000) }),
  name: 'loop.txt',
  ggen: {
    'loop.txt': '# {{ title }}\n{% for r in rows %}{{ r.id }}: {{ r.name }} <{{ r.email }}> {% if r.active %}active{% else %}inactive{% endif %} {{ r.score }}\n{% endfor %}',
  },
  nunjucks: {
    'loop.txt': '# {{ title }}\n{% for r in rows %}{{ r.id }}: {{ r.name }} <{{ r.email }}> {% if r.active %}active{% else %}inactive{% endif %} {{ r.score }}\n{% endfor %}',
  },
};

const includeSources = {
  'inc/page.txt': '{% include "inc/header.txt" %}{% for s in sections %}{% include "inc/section.txt" %}{% endfor %}{% include "inc/footer.txt" %}',
  'inc/header.txt': '== {{ title }} ==\n{% include "inc/nav.txt" %}',
  'inc/nav.txt': '{% for l in links %}[{{ l.label }}]({{ l.href }}) {% endfor %}\n',
  'inc/section.txt': '## {{ s.heading }}\n{% for p in s.items %}{% include "inc/item.txt" %}{% endfor %}',
  'inc/item.txt': '- {{ p.name }}: {{ p.value }}\n',
  'inc/footer.txt': '-- {{ footer }} --\n',
};
const includes = {
  description: 'nested includes (page > section > item, 3 levels, 200 sections x 10 items)',
  context: () => ({
    title: 'Catalogue',
    footer: 'end',
    links: [1, 2, 3, 4, 5].map((i) => ({ label: `link ${i}`, href: `/l/${i}` })),
    sections: Array.from({ length: 200 }, (_, i) => ({
      heading: `Section ${i}`,
      items: Array.from({ length: 10 }, (__, j) => ({ name: `item ${i}.${j}`, value: i * j })),
    })),
  }),
  name: 'inc/page.txt',
  ggen: includeSources,
  nunjucks: includeSources,
};

const inheritanceSources = {
  'base.txt': '<html><head><title>{% block title %}Site{% endblock %}</title></head>\n<body>{% block nav %}<nav>home</nav>{% endblock %}\n{% block content %}{% endblock %}\n{% block footer %}(c) site{% endblock %}</body></html>\n',
  'layout.txt': '{% extends "base.txt" %}{% block nav %}<nav>{% for n in nav %}<a>{{ n }}</a>{% endfor %}</nav>{% endblock %}{% block footer %}{{ super() }} | layout{% endblock %}',
  'page.txt': '{% extends "layout.txt" %}{% block title %}{{ title }} - {{ super() }}{% endblock %}{% block content %}{% for a in articles %}<article><h2>{{ a.title }}</h2><p>{{ a.body }}</p></article>\n{% endfor %}{% endblock %}',
};
const inheritance = {
  description: 'inheritance: 3-level extends with blocks and super(), 500 articles',
  context: () => ({
    title: 'Blog',
    nav: ['home', 'posts', 'about', 'contact'],
    articles: Array.from({ length: 500 }, (_, i) => ({ title: `Post ${i}`, body: `Body of post ${i}, with some text.` })),
  }),
  name: 'page.txt',
  ggen: inheritanceSources,
  nunjucks: inheritanceSources,
};

const filters = {
  description: 'filters: upper/lower/title/replace/truncate/length/join/default/wordcount over 2k rows',
  context: () => ({ rows: rows(2000), tags: ['alpha', 'beta', 'gamma'] }),
  name: 'filters.txt',
  ggen: {
    'filters.txt':
      '{% for r in rows %}{{ r.name | upper }} {{ r.email | lower | replace(from="@", to=" at ") }} {{ r.name | title }} ' +
      '{{ r.email | truncate(length=8) }} {{ r.name | length }} {{ tags | join(sep=",") }} {{ r.missing | default(value="-") }} {{ r.name | wordcount }}\n{% endfor %}',
  },
  nunjucks: {
    'filters.txt':
      '{% for r in rows %}{{ r.name | upper }} {{ r.email | lower | replace("@", " at ") }} {{ r.name | title }} ' +
      '{{ r.email | truncate(8, true, "…") }} {{ r.name | length }} {{ tags | join(",") }} {{ r.missing | default("-") }} {{ r.name | wordcount }}\n{% endfor %}',
  },
};

const macros = {
  description: 'a macro-heavy page: a form of 1k fields, 3 macros calling each other',
  context: () => ({
    fields: Array.from({ length: 1000 }, (_, i) => ({ name: `field_${i}`, label: `Field ${i}`, kind: ['text', 'number', 'email'][i % 3], required: i % 2 === 0 })),
  }),
  name: 'form.txt',
  ggen: {
    'forms.txt':
      '{% macro label(f) %}<label for="{{ f.name }}">{{ f.label }}{% if f.required %} *{% endif %}</label>{% endmacro label %}' +
      '{% macro input(f, cls="field") %}<input class="{{ cls }}" type="{{ f.kind }}" name="{{ f.name }}">{% endmacro input %}' +
      '{% macro row(f) %}<div>{{ self::label(f=f) }}{{ self::input(f=f) }}</div>\n{% endmacro row %}',
    'form.txt': '{% import "forms.txt" as forms %}<form>\n{% for f in fields %}{{ forms::row(f=f) }}{% endfor %}</form>\n',
  },
  nunjucks: {
    'forms.txt':
      '{% macro label(f) %}<label for="{{ f.name }}">{{ f.label }}{% if f.required %} *{% endif %}</label>{% endmacro %}' +
      '{% macro input(f, cls="field") %}<input class="{{ cls }}" type="{{ f.kind }}" name="{{ f.name }}">{% endmacro %}' +
      '{% macro row(f) %}<div>{{ label(f) }}{{ input(f) }}</div>\n{% endmacro %}',
    'form.txt': '{% import "forms.txt" as forms %}<form>\n{% for f in fields %}{{ forms.row(f) }}{% endfor %}</form>\n',
  },
};

module.exports = { loop, includes, inheritance, filters, macros };
