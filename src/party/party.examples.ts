/** GraphiQL tabs for the party domain and its analytics. */
const TOKEN_HINT = `# Party data needs a token. In a terminal:
#   npm run token -- --role ANALYST                      (everything, masked)
#   npm run token -- --role ORG_ADMIN --scope <org id>   (one subtree, in clear)
# then put {"Authorization": "Bearer <token>"} in the Headers pane.`;

export const PARTY_EXAMPLE_QUERIES: { title: string; query: string; variables?: Record<string, unknown> }[] =
  [
    {
      title: '党组织树',
      query: `${TOKEN_HINT}
# The organization tree of the demo data, with counts below each organization (within your scope).
query OrganizationTree {
  organizations(first: 50) {
    totalCount
    edges {
      node {
        id
        name
        type
        level
        regionCode
        isMobilePartyOrganization
        parent { name }
        memberCount
        outflowCount
        inflowCount
      }
    }
  }
}
`,
    },
    {
      title: '流动党员：未报到与失联',
      query: `${TOKEN_HINT}
# Members who have not reported to an inflow organization more than 30 days after leaving, longest first,
# and those nobody has reached for LOST_CONTACT_DAYS (180) days (失联).
query Unreported {
  unreported: mobilityRecords(first: 20, filter: { status: [REGISTERED], unreportedForDays: 30 }) {
    totalCount
    edges { node { ...Record } }
  }
  lost: mobilityRecords(first: 20, filter: { lostContactOnly: true }) {
    totalCount
    edges { node { ...Record } }
  }
}

fragment Record on MobilityRecord {
  id
  member { name idNumber phone formalOrganization { name } }
  departedOn
  destinationRegionCode
  mobileFrom
  isMobile
  daysUnreported
  lastContactAt
  lostContact
  overdueDuties { code title }
}
`,
    },
    {
      title: '流动党员统计分析',
      query: `${TOKEN_HINT}
# Paste an organization id from the 党组织树 tab (e.g. 中共西宁市城东区委员会) as scopeId.
query MobileMemberAnalytics($scopeId: ID!, $asOf: Date) {
  mobileMemberSummary(scopeId: $scopeId, asOf: $asOf) {
    scope { name }
    asOf
    outflowActive
    inflowActive
    mobileMembers
    unreported
    reportedRatePercent
    contactAssignedRatePercent
    withOverdueDuties
  }
  byDestination: mobilityBreakdown(scopeId: $scopeId, by: DESTINATION_REGION, asOf: $asOf) { key label count }
  byStatus: mobilityBreakdown(scopeId: $scopeId, by: STATUS, asOf: $asOf) { key label count }
  dutyCompliance(scopeId: $scopeId, asOf: $asOf) {
    duty { code holder title cadenceDays }
    applicable
    fulfilled
    overdue
    compliancePercent
  }
}
`,
      variables: { scopeId: '<paste an organization id>', asOf: null },
    },
    {
      title: '导出 CSV：流动党员流向',
      query: `${TOKEN_HINT}
# exportCsv runs the query in \`query\` as you (same scope and role rules) and returns the list at \`path\` as CSV:
# here mobile members by destination (流向地) over the subtree of scopeId. For a file, POST the same
# { query, variables, path } to /export.csv with the Authorization header (curl -OJ …); it adds a BOM for Excel.
query ExportByDestination($scopeId: ID!) {
  exportCsv(
    query: """
    query ByDestination($scopeId: ID!) {
      byDestination: mobilityBreakdown(scopeId: $scopeId, by: DESTINATION_REGION) { key label count }
    }
    """
    variables: { scopeId: $scopeId }
    path: "byDestination"
  ) {
    filename
    rowCount
    columns
    csv
  }
}
`,
      variables: { scopeId: '<paste an organization id>' },
    },
    {
      title: '工作调度：基层党（工）委汇总',
      query: `${TOKEN_HINT}
# The county roll-up: for each base committee that may approve probationary members (具有审批预备党员权限的
# 基层党（工）委) below the scope (in the demo, 中共西宁市城东区委员会), its members out and in, unreported, lost
# contact, overdue duties by list (7 / 6 / 5), conversions due and 应转尽转; then the work items the county
# department issued to them. Add asOf: "YYYY-MM-DD" for a past day. CSV: exportCsv(query, variables,
# path: "committeeRollup"); the month report as PDF: GET /papers/party-dispatch/<scopeId>?month=YYYY-MM.
query CountyRollup($scopeId: ID!) {
  committeeRollup(scopeId: $scopeId) {
    committee { name level }
    isScope
    outflowActive
    inflowActive
    unreported
    lostContact
    overdueOutflowDuties
    overdueInflowDuties
    overdueMemberDuties
    conversionsDue
    shouldTransfer
  }
  workItems(first: 20) {
    edges { node { title status dueOn committee { name } answer answeredOn closedOn } }
  }
}
`,
      variables: { scopeId: '<paste the id of 中共西宁市城东区委员会>' },
    },
    {
      title: '责任清单',
      query: `# The 18 duties (7 + 6 + 5) with this deployment's cadences. Public: no token needed.
query DutyCatalog {
  dutyCatalog { code holder title description cadenceDays appliesFrom dueWithinDays neverOverdue alsoMetBy }
}
`,
    },
    {
      title: '督促：待办提醒',
      query: `${TOKEN_HINT}
# Reminders the daily job opened for the organizations in your scope (ORG_ADMIN or ORG_DEPARTMENT): members not
# reported 30 days after leaving, duties falling due within 7 days, overdue duties. Closed when met.
# Live: subscription { reminderOpened { id kind dutyCode dueOn organization { name } } }
query Reminders {
  reminders(first: 30) {
    totalCount
    edges {
      node {
        kind
        dutyCode
        dueOn
        openedOn
        organization { name }
        mobilityRecord { member { name } departedOn destinationRegionCode }
      }
    }
  }
}
`,
    },
    {
      title: '预备党员转正与表彰',
      query: `${TOKEN_HINT}
# Probationary members and the decisions on their probation (CONVERT from the day probation ends, EXTEND once by
# 6–12 months, CANCEL), and the commendations waiting for a committee's decision.
query ProbationAndCommendations {
  members(first: 20, filter: { status: PROBATIONARY }) {
    edges { node { name probationEndsAt probationExtendedOn probationDecisions { outcome meetingOn reason } } }
  }
  commendations(first: 20, status: PENDING) {
    edges { node { id year reason recordedOn organization { name } mobilityRecord { member { name } } } }
  }
}
`,
    },
  ];
