/**
 * The one stylesheet. Kept in a module (not a file on disk) so the Lambda bundle carries it; served
 * at a URL with its content hash, so browsers cache it for a year and a new version is a new URL.
 */
import { createHash } from 'node:crypto';

export const CSS = `
:root{--ink:#1b1f24;--muted:#4d5661;--line:#c9d1d9;--soft:#f4f6f8;--brand:#0b3d6e;--link:#0a4f9e;--focus:#ffbf47;
--late:#a4161a;--late-bg:#fde8e8;--risk:#7a4700;--risk-bg:#fff1c7;--ok:#1a6532;--ok-bg:#dff2e4;--done:#3d4650;--done-bg:#e6e9ed}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:#fff}
a{color:var(--link);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--ink);outline-offset:2px;box-shadow:0 0 0 6px var(--focus)}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px;top:0;background:var(--focus);color:var(--ink);padding:.5rem 1rem;z-index:2}
.skip:focus{left:0}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
header.top{background:var(--brand);color:#fff}
header.top .wrap{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;align-items:center;justify-content:space-between;padding-top:.5rem;padding-bottom:.5rem}
header.top a,header.top .who{color:#fff}
.brand{font-weight:700;font-size:1.1rem;text-decoration:none}
.who{font-size:.9rem}
nav.main ul,nav.langs ul,.inline{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .9rem;align-items:center}
nav.main a{display:inline-block;padding:.35rem 0}
nav.main a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
nav.langs{font-size:.9rem}
nav.langs a{display:inline-block;padding:.3rem .2rem;min-width:1.5rem}
nav.langs a[aria-current=true]{font-weight:700;text-decoration:none;border-bottom:3px solid #fff}
.signout{margin:0}
.signout button{background:transparent;color:#fff;border:1px solid #fff;border-radius:4px;padding:.3rem .7rem;font:inherit;font-size:.9rem;cursor:pointer;min-height:2rem}
.bar2{background:var(--soft);border-bottom:1px solid var(--line)}
.bar2 .wrap{display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between;align-items:center;padding-top:.25rem;padding-bottom:.25rem}
.bar2 nav.langs a[aria-current=true]{border-bottom-color:var(--brand)}
main.wrap{padding-top:.5rem;padding-bottom:3rem}
h1{font-size:1.7rem;line-height:1.25;margin:.6rem 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .6rem}
h3{font-size:1.1rem;margin:1.2rem 0 .4rem}
p{margin:.4rem 0 .8rem}
.lead{font-size:1.1rem;color:var(--muted)}
.muted{color:var(--muted)}
small,.small{font-size:.875rem}
ol.crumbs{list-style:none;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;font-size:.9rem}
ol.crumbs li+li::before{content:"\\203A";padding:0 .5rem;color:var(--muted)}
.notice{border-left:6px solid var(--brand);background:var(--soft);padding:.75rem 1rem;margin:1rem 0}
.notice.ok{border-color:var(--ok);background:var(--ok-bg)}
.notice.warn{border-color:var(--risk);background:var(--risk-bg)}
.rate-note{white-space:normal;display:inline-block;max-width:14rem}
.warn-text{color:var(--late);font-weight:600}
.notice.error{border-color:var(--late);background:var(--late-bg)}
.notice h2{margin:0 0 .4rem;font-size:1.15rem}
.notice ul{margin:.3rem 0;padding-left:1.2rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.badge.internal{color:#5b2a86;background:#f3ecfa}
.untranslated,.outdated{font-size:.9rem}.outdated{color:var(--risk);font-weight:600}details.translations{margin:0 0 1rem}details.translations summary{cursor:pointer;font-weight:600;margin-bottom:.4rem}
.badge.r-met{color:var(--ok);background:var(--ok-bg)}.badge.r-on_track{color:var(--ok);background:#fff}.badge.r-off_track{color:var(--late);background:var(--late-bg)}.badge.r-no_data{color:var(--done);background:var(--done-bg)}
table.grid input{width:6.5rem}
.chart.indicator{width:420px;min-width:0;max-width:100%;height:auto}.chart-and-table{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}table.matrix td{white-space:nowrap;font-variant-numeric:tabular-nums}p.reason{margin:.25rem 0 0;padding-left:.75rem;border-left:3px solid var(--late)}
.h-late{color:var(--late);background:var(--late-bg)}
.h-at_risk{color:var(--risk);background:var(--risk-bg)}
.h-on_track{color:var(--ok);background:var(--ok-bg)}
.h-done{color:var(--done);background:var(--done-bg)}
.scroll{overflow-x:auto;margin:.5rem 0 1rem;position:relative}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.3rem 0;color:var(--muted)}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
thead th{background:var(--soft);font-size:.875rem;border-bottom:2px solid var(--line);white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.nowrap,.nowrap{white-space:nowrap}
td.title{min-width:13rem}
td.gapnote{text-align:right;color:var(--muted)}
tbody th[scope=row]{font-weight:600;min-width:12rem}
table.money td,table.money th{padding:.4rem .45rem}
tr.late td:first-child{box-shadow:inset 4px 0 var(--late)}
progress{-webkit-appearance:none;appearance:none;width:6rem;height:.7rem;border:1px solid var(--muted);border-radius:.35rem;background:#fff;vertical-align:middle;overflow:hidden}
progress::-webkit-progress-bar{background:#fff}
progress::-webkit-progress-value{background:var(--brand)}
progress::-moz-progress-bar{background:var(--brand)}
.pct{display:inline-block;min-width:3rem;text-align:right;font-variant-numeric:tabular-nums}
.cards{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(19rem,1fr))}
.card{border:1px solid var(--line);border-radius:6px;padding:1rem}
.card h3{margin-top:0}
.counts{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem}
.tasks{list-style:none;padding:0;margin:0}
.tasks li{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline;justify-content:space-between;border:1px solid var(--line);border-left-width:6px;border-radius:4px;padding:.6rem .8rem;margin:.5rem 0}
.tasks li.late{border-left-color:var(--late)}
.tasks li.soon{border-left-color:var(--risk)}
.tasks .what{flex:1 1 22rem}
.tasks .what a{font-weight:600}
.tasks .meta{display:block;font-size:.9rem;color:var(--muted)}
.button,button.primary{display:inline-block;background:var(--brand);color:#fff;border:2px solid var(--brand);border-radius:4px;padding:.45rem 1rem;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;min-height:2.5rem;line-height:1.4}
.button:hover,button.primary:hover{background:#072c50}
.button.small{padding:.2rem .7rem;min-height:2rem;font-size:.9rem}
.button.secondary{background:#fff;color:var(--brand)}
dl.facts{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.35rem 1rem;margin:.5rem 0 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
form.update{border:2px solid var(--brand);border-radius:6px;padding:1rem 1.2rem;margin:1rem 0;max-width:40rem}
form.update h2{margin-top:0}
.field{margin:0 0 1rem}
.field label,.field legend{display:block;font-weight:600;margin-bottom:.2rem}
.hint{display:block;color:var(--muted);font-size:.9rem;margin-bottom:.3rem}
.field .err{display:block;color:var(--late);font-weight:600;margin-bottom:.3rem}
input[type=text],input[type=url],input[type=number],input[type=date],select,textarea{font:inherit;color:var(--ink);border:2px solid var(--ink);border-radius:3px;padding:.35rem .5rem;background:#fff;max-width:100%}
input[type=text],input[type=url],textarea{width:100%}
input[type=number]{width:6rem}
textarea{min-height:5rem}
.invalid input,.invalid select,.invalid textarea{border-color:var(--late)}
.suffix{margin-left:.3rem}
form.edit{max-width:44rem;margin:1rem 0}
input[type=email]{font:inherit;color:var(--ink);border:2px solid var(--ink);border-radius:3px;padding:.35rem .5rem;background:#fff;width:100%}
input[readonly]{background:var(--soft);border-style:dashed}
.req{color:var(--late)}
.field.check{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .5rem}
.field.check input{flex:none}.field.check label{display:inline;margin:0;flex:1 1 0;min-width:0}.field.check .hint,.field.check .err{flex-basis:100%}
form.action{display:inline-block;margin:0 .4rem .4rem 0}
.button.danger{background:#fff;color:var(--late);border-color:var(--late)}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.6rem 0 1rem}
table.list td form.action{margin:0}
.people{list-style:none;padding:0;margin:0;display:grid;gap:.5rem;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr))}
.people button{width:100%;text-align:left;background:#fff;border:1px solid var(--line);border-left:6px solid var(--brand);border-radius:4px;padding:.55rem .8rem;font:inherit;cursor:pointer;color:var(--ink)}
.people button:hover{background:var(--soft)}
.people .name{display:block;font-weight:700}
.people .role{display:block;font-size:.9rem;color:var(--muted)}
.chart{width:100%;min-width:40rem;height:auto;display:block}
.chart text{font-family:inherit}
.legend{list-style:none;padding:0;margin:.2rem 0 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.9rem}
.legend svg{vertical-align:middle;margin-right:.3rem}
.history{list-style:none;padding:0;margin:0}
.history>li{border-left:3px solid var(--line);padding:.2rem 0 .8rem 1rem}
.history .when{font-weight:600}
.history ul{margin:.2rem 0;padding-left:1.1rem}
.history>li.theirs{border-left-color:var(--risk);background:var(--risk-bg)}
.change del{color:var(--muted)}
.change ins{text-decoration:none;font-weight:600}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem;padding:1rem 0 2rem}
@media (max-width:40rem){h1{font-size:1.4rem}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}}
/* Print: A4 portrait. Every sheet carries the page's title, the print date and its number in the margins
   (the values come from <html data-print-title data-print-date>, which the page boxes inherit). */
html{--print-title:attr(data-print-title);--print-date:attr(data-print-date)}
@page{size:A4 portrait;margin:17mm 12mm 15mm;
@top-left{content:var(--print-title);font:600 9pt/1.2 system-ui,Arial,sans-serif;color:#1b1f24;vertical-align:bottom;padding-bottom:3mm}
@top-right{content:var(--print-date);font:9pt/1.2 system-ui,Arial,sans-serif;color:#4d5661;vertical-align:bottom;padding-bottom:3mm;white-space:nowrap}
@bottom-right{content:counter(page) " / " counter(pages);font:9pt/1.2 system-ui,Arial,sans-serif;color:#4d5661}}
@media print{
header.top,.bar2,.skip,footer,nav,form,.actions,.button,.controls,.noprint{display:none !important}
body{font-size:10pt;line-height:1.35}
main.wrap{max-width:none;padding:0}
h1{font-size:16pt;margin:0 0 .4rem}
h2{font-size:12.5pt;margin:1rem 0 .4rem;break-after:avoid}
h3{font-size:11pt;break-after:avoid}
a{color:inherit;text-decoration:none}
.scroll{overflow:visible;margin:.3rem 0 .6rem}
.chart{min-width:0;max-width:100%;break-inside:avoid}
table{font-size:8.5pt}
caption{padding:.1rem 0;break-after:avoid}
th,td{padding:.25rem .3rem}
thead th{white-space:normal;font-size:8pt}
thead{display:table-header-group}
tr,.tasks li,.card,dl.facts{break-inside:avoid}
td.title,tbody th[scope=row]{min-width:0}
td.title{width:32%}
small,.small{font-size:.9em}
table.money td,table.money th{padding:.25rem .25rem}
progress{width:3.2rem}
.pct{min-width:2.2rem}
.badge,.h-late,.h-at_risk,.h-on_track,.h-done,tr.late td:first-child{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.cards{grid-template-columns:1fr 1fr}
.notice{break-inside:avoid}
table.matrix{font-size:7pt}table.matrix td{white-space:normal}table.matrix th,table.matrix td{padding:.15rem}table.matrix .badge{font-size:6.5pt;padding:0 .15rem}
}
.block{display:block}
form.filter{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.3rem 1rem;margin:1rem 0}form.filter .field{margin:0}
ul.needs{padding-left:1.2rem}ul.needs li{margin:.25rem 0}
.card h2{margin:0 0 .3rem;font-size:1.15rem}
.actions form.action{margin:0}.invalid input[type=email]{border-color:var(--late)}input[maxlength="2"]{width:5rem}
`.trim();

const hash = createHash('sha256').update(CSS).digest('hex').slice(0, 10);
export const CSS_PATH = `/assets/app.${hash}.css`;

/** A small mark for the browser tab (also cached for a year). */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b3d6e"/><path d="M7 22l6-6 4 4 8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
export const ICON_PATH = `/assets/icon.${createHash('sha256').update(ICON).digest('hex').slice(0, 10)}.svg`;
