from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class COAKG(DefinedNamespace):
    """
    The coakg vocabulary (generated from ontology/coakg.ttl by rdflib.tools.defined_namespace_creator).

    Generated from: ontology/coakg.ttl
    """

    _NS = Namespace("https://coakg.org/ns#")
    _fail = True

    Classification: URIRef  # A classification of budget subjects (function, economic, government-economic), revised every year: its code list of each year is a skos:ConceptScheme that is dcterms:isVersionOf it (and coakg:year the year).
    Column: URIRef  # A canonical column concept; printed variants across years and regions map to one column.
    KeyFigure: URIRef  # A report-level figure compared across departments, cities and years (收入总计, 本年支出合计, 人员经费, 三公经费, expenditure by function class …), read from the printed cell (or the funds added) the report prints it in (prov:wasDerivedFrom the observations), as the table catalogue declares; in 万元 (coakg:amountWanYuan) whatever unit the report prints.
    PrintedColumn: URIRef  # One column of figures as a table prints it: its place, its canonical column (coakg:column) and its header as printed (rdfs:label).
    PrintedName: URIRef  # One name a code was printed with, attested by one or more reports.
    PrintedRow: URIRef  # One row as a table prints it: its place, its row concept (coakg:rowConcept), the name printed (coakg:rowLabel) and where it is printed (coakg:page or coakg:line): what its figures (coakg:inPrintedRow) share.
    Report: URIRef  # One department's final accounts or budget for one year: the data set of its printed figures.
    SourceDocument: URIRef  # The PDF or text file a report was read from, identified by its SHA-256.
    Statement: URIRef  # An amount a report's prose (情况说明) states: the words that name it (coakg:words) and its sentence (coakg:sentence), as printed (coakg:amount, coakg:decimals, coakg:unit: 万元 or 元), where (coakg:page or coakg:line); the key figure its words name (coakg:names), and the change on the year before it states with it (coakg:change, coakg:percent). A statement that does not meet the key figure, or whose change does not agree with its percentage, is a check finding (narrative-figure, narrative-change).
    Summary: URIRef  # What a question over all reports would otherwise read every figure or every printed name for, derived from all reports after each load and kept exact (decimal sums) in the summaries graph: the total of a key figure per class, phase and year (coakg:summaryOf the key figure's name), the departments and reports that print a code or one of its names (coakg:summaryOf "code", "code-name"). A report's own counts (coakg:figureCount, coakg:tableCount) are stated of the report in the same graph.
    Summation: URIRef  # An identity of a report: a total equals the sum of the observations it adds (coakg:adds) less those it takes away (coakg:subtracts), like XBRL summation-item arcs of weight +1 and -1.
    Table: URIRef  # One table of a report (e.g. 支出决算表), possibly printed over several pages.
    actual: URIRef  # The printed total of a failing summation (0 for a blank cell).
    adds: URIRef  # An observation a summation adds (weight +1).
    amount: URIRef  # The printed figure as an exact decimal.
    amountWanYuan: URIRef  # A key figure in 万元, exact (the printed amount × coakg:yuanPerUnit ÷ 10000, computed in decimal arithmetic when the graph is built): the unit in which figures of different reports are compared.
    attestedBy: URIRef  # A report that prints the code with this name.
    change: URIRef  # The change on the year before that a statement states with its amount (比上年增加 2486.9 万元), as printed, in the statement's unit; negative for a fall (减少).
    changeDecimals: URIRef  # How many decimals a statement's change was printed with.
    classCode: URIRef  # The class (201, 301 …) of a key figure given per class; its concept is coakg:classConcept.
    classConcept: URIRef  # The class concept (of the report's year) of a key figure given per class.
    column: URIRef  # The canonical column of an observation.
    columnIndex: URIRef  # Where a printed column is in its table: 1 for the first column of figures (the columns of a table printed in halves counted across both).
    currency: URIRef  # The currency of the amounts, as an ISO 4217 code: CNY (人民币). Attached to the data set (a report).
    decimals: URIRef  # How many decimals the figure was printed with; it stands for the interval ±½·10^-decimals (XBRL Calculations 1.1).
    department: URIRef  # The name of the department that published the report.
    departmentCount: URIRef  # How many departments (by name) a summary counts.
    documentType: URIRef  # 决算 (final accounts) or 预算 (budget).
    expected: URIRef  # The weighted sum of a failing summation's items.
    figureCount: URIRef  # How many figures (observations) a report prints: stated in the summaries graph.
    findingCount: URIRef  # How many findings the checks of a report state (its checks graph's results, 0 for none): stated in the summaries graph.
    half: URIRef  # Which half of a table printed in halves side by side (收入 | 支出) a printed row or column is in: 0 for the first. Stated for every row and column of such a table, and for none of a table printed whole.
    hasKeyFigure: URIRef  # A key figure of the report.
    hasStatement: URIRef  # An amount the report's prose states (a coakg:Statement).
    hasTable: URIRef  # A table printed in the report.
    inPrintedRow: URIRef  # The printed row of its table a figure is printed in: the row's printed name (coakg:rowLabel) and page or line are the figure's. A dimension: a table may print one code on several rows (one per unit or project, or beside other codes), whose figures share their row concept (coakg:row) and differ by their printed row.
    keyName: URIRef  # Which key figure it is, as the table catalogue names it (income-total, expenditure-total, sangong-budget, class-expenditure …); its concept is coakg:quantity.
    level: URIRef  # The level of a classification code: 类, 款 or 项.
    line: URIRef  # The source line a printed row (and so each of its figures) or a table is printed on (text sources).
    names: URIRef  # The key figure of the same report that the words of a statement name, as the table catalogue lists them ([narrative.words]).
    namesTotal: URIRef  # The words of a statement name a total the tables print that is no key figure (财政拨款收入支出总计): its amount should be one of the figures the tables print on a 合计, 总计 or 小计 row.
    note: URIRef  # The note printed under a table, e.g. that it has no data (a @zh literal).
    page: URIRef  # The source page a printed row (and so each of its figures) or a table is printed on; stated of a figure printed on another page than its row (a table printed column-wise over two pages).
    percent: URIRef  # The change on the year before in percent that a statement states (增长 90.66%), as printed; negative where its words say a fall (下降).
    percentDecimals: URIRef  # How many decimals a statement's percentage was printed with.
    phase: URIRef  # 预算 (budget) or 决算 (final accounts): of a report, and so of each of its observations (attached to the data set).
    printedAs: URIRef  # A name the code was printed with.
    printedColumn: URIRef  # A column of figures the table prints (also one left blank throughout), in print order ({table}/column/1 first), with its canonical coakg:column, its half and its printed header (rdfs:label).
    printedRow: URIRef  # A row the table prints, in the order it prints them ({table}/row/1 first; a table printed in halves side by side lists its first half's rows first). Each of its figures names it by coakg:inPrintedRow.
    printsCode: URIRef  # A code a printed row prints, where it prints codes of several classifications (2080201 行政运行 beside 50201 办公经费 and 30201 办公费): the concept of each, whose coakg:printedAs names hold the name printed beside it. Its coakg:rowConcept is the first.
    publisherLevel: URIRef  # True for a code of a level publishers subdivide into at will (a 7-digit economic code such as 3010201): it is printed with or without the code above it, which is then no missing parent.
    quantity: URIRef  # The concept of what a key figure is (a skos:Concept of the key-figure scheme, with its Chinese and English names).
    report: URIRef  # The report (department and year) an observation belongs to; attached to the data set (the report itself), which each observation names by qb:dataSet.
    reportCount: URIRef  # How many reports a summary counts.
    row: URIRef  # The row concept: a function or economic classification code, or an uncoded item.
    rowConcept: URIRef  # The row concept a printed row stands for (what coakg:row is of each observation in the row): a property of its own, so that counting a concept's observations by coakg:row counts no printed row.
    rowIndex: URIRef  # Where a printed row is in its table: 1 for the first row (of its half, for a table printed in halves side by side).
    rowLabel: URIRef  # The row name a printed row prints beside its figures (a @zh literal).
    rule: URIRef  # The stable code of the rule a summation comes from, or a finding breaks (hierarchy-sum, column-identity, missing-table, …).
    sentence: URIRef  # The sentence of the prose that states an amount, as printed (white space removed).
    sha256: URIRef  # The SHA-256 of the source file, in hex.
    slack: URIRef  # The rounding allowance of a summation: the sum of the half-widths of its printed figures.
    sliceKey: URIRef  # The key of a slice of a report's observations (one row level of one table's column): table kind, column and row level (类, 款, 项 or item), e.g. expenditure/expenditure-total/类. Queries across many reports start from it.
    subtracts: URIRef  # An observation a summation takes away (weight -1).
    summaryOf: URIRef  # What a summary adds up: a key figure's name (class-expenditure, basic-economic-class), "code" (a code as printed, skos:notation, in every year) or "code-name" (one name, rdfs:label, a code is printed with).
    table: URIRef  # The table an observation is printed in.
    tableCount: URIRef  # How many tables a report prints: stated in the summaries graph.
    tableKind: URIRef  # The table's place in the national layout, as a key (summary, income, expenditure, …).
    total: URIRef  # The observation a summation says is the total.
    unit: URIRef  # The unit printed with the table: 万元, 千元 or 元; attached to the table and to each of its slices.
    unitName: URIRef  # The unit (单位) of the department whose report this is, when one file holds several units' reports.
    withinCode: URIRef  # The notation of the code itself and of every code above it (2080505 is within 208, 20805 and 2080505), so one lookup finds a code and everything below it.
    words: URIRef  # The words that name a stated amount: its clause up to it, numbering, the year and who states it (本部门, the department's name) left out, quotes and white space removed (本年收入合计).
    year: URIRef  # The fiscal year a report, or a year's code list of a classification, covers.
    yuanPerUnit: URIRef  # How many yuan one printed unit is: 10000 for 万元, 1000 for 千元, 1 for 元. Attached to the slice of one table and column; a figure in 万元, the one unit in which figures of different reports and tables are added, is its coakg:amount × coakg:yuanPerUnit ÷ 10000, exactly.
