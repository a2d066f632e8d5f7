# labguide: 한국어 화면 문구.

## 머리글과 화면 틀
step-of = { $current }/{ $total }단계
backend-sim = 시뮬레이션 AWS (x{ $speed })
backend-aws = AWS { $account } { $region }
backend-aws-connecting = AWS { $region } (연결 중)
backend-aws-failed = AWS { $region } (연결 안 됨)
badge-backing-off = [AWS 혼잡: 간격 늘리는 중]
header-publishing = , 수업에 공유 중
language-ko = 한국어
language-en = English
too-small = 터미널 크기가 { $width }x{ $height }입니다. labguide를 쓰려면 최소 { $need_width }x{ $need_height }가 필요합니다. 창을 키우거나 글꼴을 줄여 주세요.
pane-steps = 단계 { $done }/{ $total }
pane-activity = 실행과 확인

## 바닥글 키
key-close = 닫기
key-yes = 예
key-no = 아니요
key-open = 단계 열기
key-run = 실행
key-next = 다음
key-prev = 이전
key-check = 확인
key-panes = 창 이동
key-help = 도움말
key-quit = 종료
meter = 시간당 ${ $per_hour }, 지금까지 ${ $accrued }
meter-unknown = 시간당 ${ $per_hour } + 모름, 지금까지 ${ $accrued }
costs-title = 지금 요금이 나가는 리소스
nothing-bills = 지금 시간당 요금이 나가는 워크숍 리소스가 없습니다.
confirm-quit-title = 아직 요금이 나가는 리소스가 있습니다
confirm-quit = 종료해도 아래 리소스의 요금은 계속 나갑니다. 먼저 정리할까요, 아니면 그대로 두고 종료할까요?
key-cleanup = 정리하기
key-stay = 머무르기
help-costs = 지금 요금이 나가는 리소스와 비용
key-scroll = 스크롤
glossary-title = 용어집
glossary-empty = 이 워크숍에는 용어집이 없습니다.
help-glossary = 워크숍 용어집
key-confirm = 저장
key-cancel = 취소
ask-title = 이 단계에 필요한 값
ask-empty = 먼저 값을 입력하세요.
ask-too-long = 너무 깁니다. 최대 { $max }자까지 쓸 수 있습니다.
ask-bad-characters = 영문자, 숫자, "-"만 쓸 수 있습니다.
ask-bad-ends = 영문자나 숫자로 시작하고 끝나야 합니다.
ask-not-s3 = s3://my-bucket/reviews/ 같은 S3 주소를 입력하세요.
var-refused = --var { $name }: { $why }

## 마크다운 알림
alert-note = 참고
alert-tip = 팁
alert-important = 중요
alert-warning = 주의
alert-caution = 경고

## 표시
tag-locked = 잠김
tag-done = 완료
tag-failed = 확인 실패
tag-draft = 초안

## 실행과 확인 창
activity-read-only = 이 단계에는 실행할 것이 없습니다. 읽은 뒤 n을 눌러 넘어가세요.
role-action = 실행
hint-label = 힌트:
role-check = 확인
stack-heading = 스택 { $stack } ({ $elapsed }):
stack-rollback-advice = { $stack } 생성에 실패해 롤백되었습니다. 스택은 비어 있지만 이름을 차지하고 있습니다. 위의 원인을 고친 뒤 스택 생성 실행 항목에서 다시 Enter를 누르면, labguide가 빈 스택을 삭제하고 새로 만듭니다.
stack-outputs = 출력값:

## 도움말
help-title = 키 안내
help-next-step = 다음 단계
help-prev-step = 이전 단계
help-move = 스크롤 또는 선택 이동
help-page = 한 화면 아래로 / 위로
help-top-bottom = 맨 위 / 맨 아래
help-panes = 창 사이 이동
help-activate = 단계를 열거나 선택한 실행 항목 실행
help-check = 이 단계의 확인 항목 실행
help-mark-done = 직접 완료로 표시 (먼저 묻습니다)
help-alternative = 거절된 작업을 제안된 더 작은 구성으로 시작
help-values = 이니셜이나 데이터 위치 바꾸기
help-language = 언어 바꾸기 (한국어 / English)
help-both = 두 언어 나란히 보기
help-present = 발표 모드
help-close = 창이나 메시지 닫기
help-quit = 종료 (진행 상황은 저장됩니다)

## 묻는 창(y/n)
confirm-title = 완료로 표시
confirm-mark-done = "{ $title }" 단계는 확인 항목을 통과하지 않았습니다. 그래도 완료로 표시할까요? labguide 밖에서 이 단계를 마쳤을 때만 그렇게 하세요.
confirm-delete-title = 리소스를 삭제합니다
confirm-delete = "{ $action }"은(는) 워크숍 리소스 중 내 것만 삭제하고 계정의 다른 것은 건드리지 않습니다. 내 것인지는 labguide의 기록, 내 태그, 내 노트북 역할, 내 이름으로 판단합니다. 목록을 먼저 보려면 "labguide cleanup --dry-run"을 실행하세요. 진행할까요?
confirm-delete-yours = 내 리소스, 삭제({ $count }개):
confirm-delete-shared = 수강생 공용, 다른 수강생을 위해 보존({ $count }개):
confirm-delete-not-yours = 내 것이 아님, 건드리지 않음({ $count }개):
confirm-cost-title = 요금이 나갑니다
confirm-cost = "{ $action }"은(는) 삭제할 때까지 시간당 약 ${ $per_hour }의 요금이 나가는 리소스를 시작합니다({ $region } 온디맨드 가격, { $checked } 기준). 시작할까요?
confirm-cost-unknown = "{ $action }"은(는) 삭제할 때까지 요금이 나가는 리소스를 시작합니다. { $region }의 가격은 labguide가 알지 못합니다. 시작할까요?
confirm-cost-job = "{ $action }"은(는) 실행되는 동안 시간당 약 ${ $per_hour }의 요금이 나갑니다. 길어도 { $minutes }분 뒤에는 스스로 멈추므로 많아야 약 ${ $most }입니다({ $region } 온디맨드 가격, { $checked } 기준). 시작할까요?
confirm-launch = { $instance_type } { $count }대(대당 GPU { $gpus }개)를 이미지 { $image }(으)로 시작합니다.
confirm-launch-reads = 읽는 데이터: { $place }

## 알림
notice-locked = 잠긴 단계입니다. 먼저 "{ $title }" 단계를 마치세요.
notice-alternative = a를 누르면 { $instance_type } { $count }대로 대신 시작합니다(시작 전에 가격을 보여 주고 묻습니다).
notice-no-alternative = 이 단계에는 더 작은 구성으로 대신 시작할 수 있는 거절된 작업이 없습니다.
notice-marked-done = "{ $title }" 단계를 완료로 표시했습니다.
notice-already-running = 이 실행 항목은 이미 실행 중입니다.
notice-last-step = 마지막 단계입니다.
notice-step-done = "{ $title }" 단계를 마쳤습니다.
notice-step-done-next = "{ $title }" 단계를 마쳤습니다. n을 눌러 다음 단계로 가세요: { $next }.
notice-checks-failed = "{ $title }" 단계의 확인 항목을 통과하지 못했습니다. 위의 이유를 보고 고친 뒤 c를 눌러 다시 확인하세요.
notice-checks-pending = 아직 실행할 수 없는 확인 항목이 있습니다. 이 단계를 마쳤다면 d를 눌러 완료로 표시하세요.
notice-progress-corrupt = 저장된 진행 상황을 읽을 수 없어 { $path }(으)로 따로 보관하고 처음부터 시작합니다.

## 실행 항목과 확인 항목의 결과
report-stack-created = 스택 { $stack }이(가) 준비되었습니다.
report-stack-deleted = 스택 { $stack }이(가) 삭제되었습니다.
report-stack-status = 스택 { $stack }이(가) 아직 { $expected } 상태가 아니라 { $actual } 상태입니다.
report-stack-failed = 스택 { $stack }이(가) { $status } 상태로 끝났습니다. { $reason }
report-stack-missing = 스택 { $stack }이(가) 없습니다. 위의 실행 항목으로 만드세요.
report-stack-still-there = 스택 { $stack }이(가) 아직 남아 있습니다({ $status }).
report-endpoints-gone = 이름이 { $prefix }(으)로 시작하는 엔드포인트가 남아 있지 않습니다.
report-endpoints-left = 엔드포인트 { $count }개가 아직 남아 있습니다: { $names }. 이 단계의 실행 항목(Enter)으로 삭제한 뒤 다시 확인(c)하세요.
report-notebook-status = 노트북 { $notebook }이(가) 아직 { $expected } 상태가 아니라 { $actual } 상태입니다.
report-notebook-missing = 노트북 인스턴스 { $notebook }이(가) 없습니다.
report-unset-variable = "{ $name }" 값이 정해지지 않았습니다.
report-template-unreadable = 템플릿 { $path }을(를) 읽을 수 없습니다: { $error }
report-matches = { $what }: { $status }
report-dataset-readable = { $uri }을(를) 읽을 수 있습니다(파일 { $objects }개).
report-dataset-forbidden = { $uri }이(가) 403(접근 거부)으로 응답합니다. 원래의 공개 버킷은 2023년부터 닫혀 있습니다. 내 버킷에 데이터 사본을 두고 v를 눌러 그 주소를 입력하세요.
report-dataset-missing = { $uri }의 버킷이 없습니다. 주소를 확인하세요(v로 바꿀 수 있습니다).
report-dataset-empty = { $uri } 아래에 아직 아무것도 없습니다. 데이터 파일을 올린 뒤 다시 확인하세요.
report-quota-enough = 할당량 "{ $quota }"은(는) { $value }입니다.
report-quota-too-low = 할당량 "{ $quota }"이(가) { $value }입니다. 이 단계에는 최소 { $min }이(가) 필요합니다. Service Quotas에서 증가를 요청하거나, 더 작은 인스턴스를 쓰고 d를 눌러 완료로 표시하세요.
price-unknown = 알 수 없는 가격
report-quota-unknown = 이 리전의 Service Quotas에 "{ $quota }"라는 할당량이 없습니다.
report-region-unknown = labguide는 { $region } 리전의 이미지 레지스트리를 알지 못합니다. 아는 리전은 { $known }입니다. --region이나 AWS_REGION으로 그중 하나를 고르세요.
report-instance-not-offered = { $region }에서는 SageMaker 학습에 { $instance_type }을(를) 쓸 수 없습니다. 아무것도 시작하지 않았습니다.
report-launch-quota = { $instance_type } 학습 할당량은 { $have }인데, 이 작업에는 { $need }이(가) 필요합니다. 아무것도 시작하지 않았습니다.
report-alternative = { $instance_type } { $count }대(시간당 { $price })로는 시작할 수 있습니다. --var { $var }을(를) 붙여 단계를 실행하거나(예: labguide run <단계> --yes --var { $var }), Service Quotas에서 할당량 증가를 요청하세요.
report-no-alternative = 더 작은 선택지도 맞지 않습니다. Service Quotas에서 할당량 증가를 요청하고(GPU는 하루 이상 걸리기도 합니다) 단계를 다시 실행하세요.
report-data-not-ready = 이 작업이 읽을 { $uri }이(가) 아직 비어 있습니다. 이 단계에서 데이터를 준비하는 실행 항목을 먼저 실행해 채운 다음 다시 시작하세요. 아무것도 시작하지 않았습니다.
report-copied = { $from }에서 { $to }(으)로 객체 { $count }개를 복사했습니다.
report-answers = 엔드포인트 { $endpoint }의 응답:
report-answer = 정답 { $label }: { $answer }
report-variants-left = { $endpoint }은(는) 아직 { $variants }(으)로 서비스하고 있습니다. { $only }만 남아야 카나리가 끝납니다. 남은 단계를 실행하세요.
report-variant-served-nothing = { $endpoint }의 { $variant }이(가) 아직 요청에 응답하지 않았습니다. 이 단계의 테스트 트래픽을 시작하고 1분쯤 기다린 뒤(CloudWatch는 분 단위로 집계합니다) 다시 확인하세요.
task-endpoint_serves_only = 엔드포인트 { $name_prefix }*가 { $only }만으로 서비스하고 응답 기록이 있음
report-traffic = { $endpoint }에 테스트 요청 { $sent }건(실패 { $failed }건), 최근 응답한 변형: { $split }.
task-send_traffic = { $endpoint_prefix }*에 테스트 리뷰를 1초에 하나씩 보내기
report-query = 쿼리 { $query }: { $state }, 스캔 { $scanned }, 비용 { $cost }.
report-query-output = 결과: { $output }
report-query-failed = 쿼리 { $query }이(가) { $state } 상태로 끝났습니다: { $reason }
cost-unknown = 이 리전의 가격을 모름
report-samples-unreadable = { $uri }은(는) labguide가 보낼 수 있는 샘플 파일("labels"와 "instances"가 있는 JSON)이 아닙니다. 이 단계의 데이터 작업을 다시 실행하세요.
report-no-source = 어떤 데이터 원본도 읽을 수 없었습니다: { $tried }. 네트워크와 자격 증명을 확인하고 다시 시도하세요.
report-code-unreadable = 실습 코드 { $path }을(를) 읽을 수 없습니다: { $error }. labguide를 다시 설치하거나 --content를 확인하세요.
report-resource-status = 가장 최근 { $what } { $name }이(가) 아직 { $expected } 상태가 아니라 { $status } 상태입니다.
report-resource-missing = { $prefix }(으)로 시작하는 { $what }이(가) 아직 없습니다.
report-bucket-missing = 버킷 { $bucket }이(가) 아직 없습니다.
report-bucket-exists = 버킷 { $bucket }이(가) 있습니다.
task-start_notebook = 노트북 { $notebook } 시작
task-stop_notebook = 노트북 { $notebook } 중지
report-objects-missing = s3://{ $bucket }/{ $prefix } 아래에 아직 아무것도 없습니다.
report-objects-found = 객체 { $count }개를 찾았습니다.
report-notebook-url = Jupyter 열기(이 로그인 링크는 몇 분 동안만 유효합니다): { $url }
report-notebook-starting = 노트북 { $notebook }을(를) 시작하는 중입니다. 몇 분 걸립니다.
report-notebook-stopping = 노트북 { $notebook }을(를) 중지하는 중입니다. 중지되면 요금이 나가지 않습니다.
report-sim-only = 실제 AWS에서는 이 부분을 노트북에서 진행합니다. 노트북의 셀을 실행한 뒤 c를 눌러 확인하세요.
report-cleaned-up = 리소스 { $count }개를 삭제하거나 중지했습니다. 삭제할 내 리소스가 더 남아 있지 않습니다.
report-still-left = 워크숍 리소스 { $count }개가 아직 남아 있습니다({ $names }). labguide status로 전체를 확인하세요.
report-canary-stage = { $stage } 단계 후 { $endpoint }이(가) InService입니다. 그동안에도 계속 응답했습니다.
report-started = { $what } { $name }을(를) 시작했습니다. 알아서 진행되니 나중에 c를 눌러 확인하세요.
report-simulated = 시뮬레이션 AWS에서 노트북 단계를 재생했습니다(리소스 { $count }개).
kind-training-job = 학습 작업
kind-processing-job = 처리 작업
kind-automl-job = Autopilot 작업
kind-endpoint = 엔드포인트
kind-endpoint-config = 엔드포인트 구성
kind-model = 모델
kind-comprehend-classifier = Comprehend 분류기
kind-comprehend-endpoint = Comprehend 엔드포인트
cloud-not-found = { $what }을(를) 찾을 수 없습니다.
cloud-quota-exceeded = AWS 할당량 때문에 진행할 수 없습니다: { $detail } Service Quotas에서 증가를 요청하거나 더 작은 인스턴스 유형을 쓰세요.
cloud-region-disabled = 이 계정에서 { $region } 리전이 활성화되어 있지 않습니다. 계정 설정에서 활성화하거나 --region으로 다른 리전을 고르세요.

## 클라우드 오류: 무슨 일인지, 어떻게 할지
cloud-no-credentials = AWS 자격 증명을 찾을 수 없습니다. "aws configure"나 "aws sso login"을 실행하거나 AWS_PROFILE을 설정한 뒤 다시 시도하세요.
cloud-expired = AWS 자격 증명이 만료되었습니다. 다시 로그인한 뒤(SSO는 aws sso login) 다시 시도하세요.
cloud-clock-skew = 이 컴퓨터의 시계가 몇 분 넘게 어긋나 있어 AWS가 요청을 거절했습니다. 시계를 맞춘 뒤(예: sudo timedatectl set-ntp true, 또는 시스템 설정에서 시간 동기화) 다시 시도하세요. 자격 증명에는 문제가 없습니다.
cloud-sso-expired = AWS SSO 로그인이 만료되었습니다. 셸에서 { $login }을(를) 실행한 뒤 다시 시도하세요.
watch-paused = 실시간 보기는 잠시 멈추고, 다시 로그인하면 저절로 이어집니다.
cloud-access-denied = { $action } 권한이 없습니다. 계정 관리자에게 권한을 요청하거나 워크숍 역할을 사용하세요.
cloud-throttled = AWS가 요청 속도를 제한하고 있습니다. 이 계정에서 동시에 호출이 너무 많습니다. 1분쯤 기다린 뒤 다시 시도하세요.
cloud-unreachable = { $endpoint }에 연결할 수 없습니다. 네트워크 연결을 확인하고 다시 시도하세요.
cloud-timeout = AWS가 제시간에 응답하지 않았습니다. 네트워크를 확인하고 다시 시도하세요.
cloud-already-exists = { $name }이(가) 이미 있습니다.
cloud-invalid = AWS가 요청을 거부했습니다: { $detail }
cloud-other = AWS 오류: { $detail }
cloud-server-error = AWS 쪽에서 요청을 처리하지 못했습니다({ $detail }). 잠시 뒤 다시 시도하세요.

## 콘텐츠 검사
diag-error = 오류
diag-warning = 경고
diag-unreadable = 이 파일을 읽을 수 없습니다: { $error }
diag-syntax = 올바른 TOML이 아닙니다: { $error }
diag-format = 형식 { $version }은(는) 지원하지 않습니다. 이 labguide는 형식 1을 읽습니다
diag-bad-id = "{ $id }"은(는) 올바른 id가 아닙니다. 영문 소문자, 숫자, "-"만 쓰세요
diag-duplicate-id = id "{ $id }"이(가) 두 번 쓰였습니다
diag-empty-title = { $language } 제목이 비어 있습니다
diag-long-title = { $language } 제목이 { $width }칸입니다. 단계 목록에는 { $max }칸까지 보입니다
diag-missing-text = "{ $step }" 단계의 { $language } 본문이 없습니다(이 파일이 있어야 합니다)
diag-placeholder = "{ $step }" 단계의 { $language } 본문이 아직 임시 문구입니다
diag-not-nfc = 텍스트가 유니코드 NFC가 아닙니다. 정규화해서 저장하세요(예: "uconv -x nfc")
diag-missing-hint = 단계 "{ $step }"의 확인 항목 { $kind }에 힌트가 없습니다. 실패했을 때 무엇을 보면 되는지 그 표에 hint = { "{" } ko = "...", en = "..." { "}" } 형식으로 적으세요
diag-hint-too-long = 단계 "{ $step }"의 힌트({ $language })가 가장 좁은 실행 창에서 { $rows }줄을 차지하는데 { $max }줄까지만 보입니다. 살펴볼 것 하나만 남기고 줄이세요
diag-missing-by-hand = 단계 "{ $step }"에 직접 하는 방법이 없습니다. ko/by-hand/{ $step }.md와 en/by-hand/{ $step }.md에 콘솔과 CLI 절차를 적으세요
diag-unknown-kind = 알 수 없는 종류 "{ $kind }"입니다. CONTENT.md에 종류 목록이 있습니다
diag-wrong-role = "{ $kind }"은(는) { $expected }(으)로 쓸 수 없습니다
diag-missing-param = { $kind }에 "{ $param }" 값이 필요합니다
diag-unknown-param = { $kind }은(는) "{ $param }" 값을 받지 않습니다
diag-bad-param-type = { $kind }: "{ $param }"은(는) { $expected }여야 합니다
diag-bad-param-value = { $kind }: "{ $param }"의 값 "{ $value }"은(는) 쓸 수 없습니다. { $allowed } 중 하나를 쓰세요
diag-unknown-variable = "{ "${" }{ $name }{ "}" }"이(가) [vars]에 정의되지 않았습니다
diag-no-placeholder = "{ "${" }{ $name }{ "}" }"은(는) 글이 보일 때 아직 값이 없을 수 있습니다. [placeholders]에 ko와 en으로 대신 보일 말을 적어 주세요
diag-source-changed = 이 파일을 번역한 뒤 { $from }:{ $line }이(가) 바뀌었습니다("{ $excerpt }"). 이 파일을 맞게 고친 다음 기록하세요: labguide validate --mark-translated { $file }
diag-source-removed = 이 파일을 번역한 뒤 { $from }에서 블록 { $count }개가 지워졌습니다. 이 파일에서도 지운 다음 기록하세요: labguide validate --mark-translated { $file }
diag-no-translation-record = 이 파일을 무엇에서 번역했는지 translations.toml에 기록이 없습니다. 두 언어의 내용이 같아지면 기록하세요: labguide validate --mark-translated { $file }
mark-needs-content = --mark-translated는 콘텐츠 폴더의 translations.toml에 씁니다. --content로 폴더를 알려 주세요. 예: labguide --content content validate --mark-translated en/setup-stack.md
mark-unknown-file = { $file }은(는) 콘텐츠 폴더에서 기록할 수 있는 글이 아닙니다(en/setup-stack.md처럼 적어 주세요).
mark-done = 번역 { $count }개를 최신으로 translations.toml에 기록했습니다.
diag-unknown-rule = 알 수 없는 규칙 "{ $rule }"입니다. name, s3-uri, any 중 하나를 쓰세요
diag-broken-link = 링크 { $target }이(가) 가리키는 단계가 없습니다
diag-wide-line = 코드나 도식 줄이 { $width }칸입니다. { $max }칸 이내로 줄이세요
diag-no-steps = 워크숍에 단계가 없습니다
diag-no-sim-plan = 시뮬레이션 AWS에 노트북 단계 "{ $step }"의 계획이 없습니다. sim.toml에 [{ $step }]를 추가하세요
diag-unknown-metric = "{ $name }"은(는) 이 작업의 지표가 아닙니다
diag-locale-missing = { $language } 로캘에 메시지 { $id }이(가) 없습니다
diag-locale-variables = 메시지 { $id }이(가) 두 로캘에서 서로 다른 변수를 씁니다
diag-unknown-reference = { $owner }이(가) 가리키는 { $what } "{ $name }"이(가) assets/images.toml, jobs.toml, assets/labs/ 어디에도 없습니다
diag-bad-regex = 지표 { $metric }의 정규식을 해석할 수 없습니다
diag-unknown-price = assets/prices.toml에 { $region }의 "{ $key }" 요금이 없습니다. 목록에 있는 인스턴스 유형이나 다른 요금 항목을 쓰거나, 출처와 함께 요금을 추가하세요
diag-unpriced = { $owner }이(가) 시작할 수 있는 { $instance_type }의 { $region } 가격이 assets/prices.toml에 없습니다. 출처와 함께 추가하세요
diag-unpriced-key = { $owner }의 요금 기준인 { $key }의 { $region } 가격이 assets/prices.toml([regions.{ $region }.other])에 없습니다. 출처와 함께 추가하세요
validate-summary = 단계 { $steps }개, 오류 { $errors }개, 경고 { $warnings }개.
content-unusable = 워크숍 콘텐츠를 사용할 수 없습니다:

## 명령줄
steps-col-id = id
steps-col-section = 섹션
steps-col-state = 상태
steps-col-title = 제목
unknown-step = "{ $id }" 단계가 없습니다. 단계 목록: { $known }
check-needs-value = "{ $name }" 값이 필요합니다. labguide를 실행해 입력하거나 --var { $name }=값 옵션을 붙이세요
check-nothing-to-check = 확인 항목이 없습니다
reset-confirm = { $dir }에 저장된 진행 상황을 모두 지우고 처음부터 시작할까요? [y/N]
reset-cancelled = 아무것도 바꾸지 않았습니다.
reset-failed = 초기화하지 못했습니다: { $error }
reset-done = 진행 상황을 지웠습니다. 처음부터 시작합니다.
item-objects = S3 객체
item-bucket = S3 버킷
item-glue-database = Glue 데이터베이스
item-iam-role = IAM 역할
item-notebook = 노트북 인스턴스
item-stack = CloudFormation 스택
item-log-group = 로그 그룹(보존)
item-unchecked = 조회 못 함(권한 거부)
total-per-hour = 지금 실행 중: 시간당 ${ $total }.
total-per-hour-unknown = 지금 실행 중: 시간당 ${ $total }, 그리고 labguide가 가격을 모르는 리소스가 더 있습니다.
nothing-left = 워크숍 리소스가 남아 있지 않습니다.
accrued = labguide가 센 지금까지의 요금: ${ $accrued }(온디맨드 가격 기준이며, 실제 금액은 AWS 청구서를 따릅니다).
cleanup-kept = 다음 로그 그룹 { $count }개는 남겨 둡니다(다른 작업의 로그도 들어 있습니다. 원하면 콘솔에서 삭제하세요):
cleanup-will-delete = 내 리소스 { $count }개를 삭제합니다(작업은 중지합니다):
cleanup-confirm = 삭제할까요? 계정의 다른 것은 건드리지 않습니다. [y/N]
cleanup-deleted = { $what } { $name } 삭제함
cleanup-failed = { $what } { $name }을(를) 삭제하지 못했습니다: { $reason }
cleanup-left = 아직 남아 있는 리소스 { $count }개:
why-recorded = labguide가 만듦
why-tagged = 내 태그
why-role = 내 역할
why-uses = 내 것 위에 만듦
why-named = 내 이름
why-shared-free = 공용, 다른 수강생 없음
why-shared-kept = 공용, 수강생 { $classmates }명 사용
why-not-yours = 내 것 아님
why-their-tag = 수강생 태그
why-their-role = 수강생 노트북 역할
why-built-on-theirs = 수강생 리소스 기반
why-their-name = 수강생 이름
why-class-shared = 수업 공용
why-nobodys = 누구의 것도 아님
why-listed = 보존
cleanup-not-yours = 내 것이 아니므로 건드리지 않습니다({ $count }개). 이름은 워크숍과 비슷하지만 labguide 기록, 내 태그, 내 노트북 역할, 내 이름 어느 것에도 해당하지 않습니다:
cleanup-shared-kept = 수강생이 함께 쓰는 리소스 { $count }개는 다른 수강생의 워크숍이 계정에 남아 있는 동안 보존합니다(강사의 수업 정리에서 삭제됩니다):
cleanup-goes-with-stack = 노트북 인스턴스 { $name }은(는) 스택 { $stack }과(와) 함께 삭제됩니다
cleanup-waiting = { $name }이(가) { $until ->
    [stopped] 중지되기를
    [free] 다른 리소스에서 풀려나기를
   *[deleted] 삭제되기를
} 기다리는 중({ $seconds }초 경과)
cleanup-interrupted = 중단했습니다. 내 리소스 { $count }개가 아직 삭제되지 않았습니다. 정리를 다시 실행하면 마저 삭제합니다:
nothing-of-yours-left-shared-kept = 내 리소스는 남아 있지 않습니다. 다른 수강생 { $classmates }명의 워크숍이 아직 계정에 있어, 함께 쓰는 리소스 { $count }개는 보존합니다.
plan-unreadable = 정리 계획 { $file }을(를) 읽을 수 없습니다: { $reason }. labguide cleanup --dry-run --plan { $file }로 새로 만드세요.
plan-written = 계획을 { $file }에 저장했습니다. 이 계획 그대로 실행하려면: labguide cleanup --plan { $file } --yes
plan-not-written = 계획을 { $file }에 저장하지 못했습니다: { $reason }. 아무것도 삭제하지 않았습니다.
plan-version = 다른 버전의 labguide가 만든 계획입니다(형식 { $version }). --dry-run --plan으로 새로 만드세요.
plan-other-target = 이 계획은 { $what } { $planned }용인데 지금은 { $now }입니다. 아무것도 삭제하지 않았습니다. 여기서 --dry-run --plan으로 새 계획을 만드세요.
plan-no-longer-yours = 계획을 만든 뒤 계정이 바뀌었습니다: { $name }은(는) 이제 내가 삭제할 리소스가 아닙니다(다른 수강생의 워크숍이 생겼을 수 있습니다). 아무것도 삭제하지 않았습니다. --dry-run --plan으로 새 계획을 만드세요.
plan-new = 계획을 만든 뒤 계정이 바뀌었습니다: 내 리소스 { $name }이(가) 계획에 없습니다. 아무것도 삭제하지 않았습니다. --dry-run --plan으로 새 계획을 만드세요.
cloud-in-use = { $what }을(를) 아직 다른 리소스가 쓰고 있습니다. 그것이 사라진 뒤 다시 시도하세요.
terminal-failed = 터미널이 응답하지 않습니다: { $error }. 진행 상황은 저장되었습니다.
needs-terminal = labguide 화면은 터미널에서만 열립니다(표준 입력이나 출력이 터미널이 아닙니다). 스크립트에서는 "labguide steps", "labguide render", "labguide validate"를 쓰세요.
state-in-use = 다른 labguide가 이미 { $dir }을(를) 쓰고 있습니다. 먼저 그것을 닫거나, --state-dir로 이 labguide에 다른 폴더를 주세요.

## 종류별 실행 항목과 확인 항목
task-create_stack = 스택 { $stack } 생성
task-delete_stack = 스택 { $stack } 삭제
task-open_notebook = { $notebook }의 Jupyter 열기
task-simulate_notebook = 노트북 부분 재생({ $notebook_step })
task-start_automl_job = Autopilot 작업 시작({ $name_prefix }*)
task-start_comprehend_classifier = Comprehend 분류기 학습({ $name_prefix }*)
task-create_comprehend_endpoint = Comprehend 엔드포인트 생성({ $name_prefix }*)
task-deploy_endpoint = 엔드포인트 배포({ $name_prefix }*)
task-deploy_automl = Autopilot 최고 후보 배포({ $name_prefix }*)
task-launch_job = 작업 { $job } 시작
task-copy_data = 데이터를 { $to }(으)로 복사
task-run_query = Athena 쿼리 { $query } 실행
task-ask_endpoint = { $samples }(으)로 { $endpoint_prefix }*에 질문
task-ask_comprehend = { $endpoint_prefix }*로 테스트 리뷰 몇 개 분류
task-canary_stage = 카나리 단계 { $stage } 적용({ $endpoint_prefix }*)
task-delete_workshop_endpoints = 워크숍 엔드포인트만 삭제
task-cleanup = 워크숍이 만든 리소스 모두 정리
task-stack_status = 스택 { $stack } 상태 { $is }
task-stack_absent = 스택 { $stack } 삭제됨
task-notebook_status = 노트북 { $notebook } 상태 { $is }
task-dataset_reachable = 데이터셋 { $uri } 읽기 가능
task-service_quota = 할당량 "{ $quota_name }" { $min } 이상
task-training_job_status = 학습 작업 { $name_prefix }* 상태 { $is }
task-processing_job_status = 처리 작업 { $name_prefix }* 상태 { $is }
task-automl_job_status = Autopilot 작업 { $name_prefix }* 상태 { $is }
task-comprehend_classifier_status = Comprehend 분류기 { $name_prefix }* 상태 { $is }
task-endpoint_status = 엔드포인트 { $name_prefix }* 상태 { $is }
task-endpoints_gone = 엔드포인트 { $name_prefix }* 남지 않음
task-bucket_exists = 버킷 { $bucket } 있음
task-objects_exist = s3://{ $bucket }/{ $prefix } 아래 객체 있음
task-nothing_left = 삭제할 내 리소스가 남지 않음

## 실시간 보기(w)와 API 호출 창(D)
help-live = 실시간 보기: 상태, 차트, 로그 (f: 로그 멈춤/따라가기)
help-calls = 최근 1분 동안의 API 호출 (디버깅용)
notice-nothing-live = 이 단계에는 실시간으로 볼 리소스가 없습니다.
key-next-resource = 다음 리소스
key-live = 실시간 보기
key-follow = 따라가기
key-pause = 멈춤
calls-title = 최근 1분 API 호출
calls-none = 최근 1분 동안 호출이 없습니다.
calls-total = 모두 { $count }번 호출
live-waiting = { $prefix } 대기 중
live-billable = 요금 대상
live-rules = Debugger:
live-inference-units = 추론 단위: 현재 { $current }, 목표 { $desired }
live-variants-heading = 변형(가중치와 인스턴스: 현재 → 목표)
live-weight = 가중치
live-instances = 인스턴스
live-candidates-heading = 후보 { $count }개, { $metric } 높은 순
live-log-paused = 로그 멈춤: 새 줄 { $new }개 보류 중 (f로 다시 따라가기)
live-log-following = 로그 따라가는 중 (지금까지 { $lines }줄)
live-log-empty = 아직 로그가 없습니다. 스크립트가 실행되면 나타납니다.
live-log-quiet = 로그: { $time } 이후 새 줄 없음 ({ $minutes }분째, 모두 { $lines }줄)
live-issues-found = Debugger가 문제를 발견함
live-open-hint = w: 실시간 보기
confirm-canary-title = 서비스 중인 엔드포인트를 바꿉니다
confirm-canary = { $endpoint } (현재: { $now }): { $change } 바뀌는 동안 엔드포인트는 Updating으로 보이지만 요청에는 계속 응답합니다. 진행할까요?
canary-split-50-50 = 지금 모델의 VariantA와 새 모델의 VariantB가 트래픽을 절반씩 받는 새 구성으로 바꿉니다.
canary-shift-100-0 = 새 구성 없이 그 자리에서 트래픽을 모두 새 모델인 VariantB로 보내고 VariantA에는 보내지 않습니다.
canary-single-variant = VariantB 하나만 있는 새 구성으로 바꾸고, VariantA의 인스턴스는 없어집니다.

# labguide run
# `labguide run STEP`: 화면 없이 한 단계의 작업을 실행합니다 (src/cli/run.rs).

run-see-steps = 모든 단계의 ID와 제목은 "labguide steps"로 볼 수 있습니다.
run-no-actions = "{ $step }" 단계에는 실행 항목이 없습니다. 이 단계는 "labguide check { $step }"로 확인하세요.
run-needs-value = "{ $step }" 단계에는 "{ $name }" 값이 필요한데 아직 정해지지 않아 아무것도 실행하지 않았습니다. --var { $name }=값 옵션을 붙이거나 labguide에서 값을 입력하세요.
run-asks-first = 아무것도 실행하지 않았습니다. labguide에서는 "{ $step }" 단계의 아래 실행 항목을 실행하기 전에 먼저 묻습니다.
run-would-bill = { $action }: 삭제할 때까지 시간당 약 ${ $per_hour }의 요금이 나가는 리소스를 시작합니다({ $region } 온디맨드 가격, { $checked } 기준)
run-would-bill-unknown = { $action }: 삭제할 때까지 시간 단위로 요금이 나가는 리소스를 시작합니다. { $region }의 가격은 labguide가 알지 못합니다
run-would-delete = { $action }: 워크숍 리소스만 삭제하고 계정의 다른 것은 건드리지 않습니다(목록은 "labguide cleanup --dry-run"으로 볼 수 있습니다)
run-would-change = { $action }: { $change }
run-add-yes = 실행하려면 --yes를 붙이세요: labguide run { $step } --yes
run-not-run-needs-yes = 실행 안 함: --yes 없이는 아무것도 실행하지 않습니다
run-not-run-after-failure = 실행 안 함: 앞의 실행 항목이 실패했습니다
run-starting = [{ $n }/{ $total }] { $action }
run-traffic-beside = 다음 실행 항목이 도는 동안 테스트 요청을 보냅니다. 이 명령이 끝나면 멈춥니다.
run-passed = 완료
run-all-passed = "{ $step }" 단계의 실행 항목 { $count }개를 모두 마쳤습니다. 단계 확인은 "labguide check { $step }"로 합니다.
run-failed = "{ $action }" 실패: { $reason }
run-failed-hint = 그 뒤의 실행 항목은 실행하지 않았습니다. 앞 단계에서 만드는 것이 필요할 수도 있습니다(단계 순서는 "labguide steps"로 볼 수 있습니다). 원인을 해결한 뒤 "labguide run { $step }"로 다시 실행하세요. 지금 있는 리소스는 "labguide status"로 볼 수 있습니다.
run-interrupted-running = 시작한 뒤 기다리기를 멈춤(Ctrl-C)
run-interrupted = "{ $action }"을(를) 더 기다리지 않고 멈췄습니다. 이미 시작된 것은 AWS에서 계속 진행되며, labguide가 멈추지 않습니다.
run-interrupted-done = 그 전에 마친 실행 항목: { $done }
run-interrupted-hint = 지금 있는 리소스와 시간당 비용은 "labguide status"로 보고, 삭제는 "labguide cleanup"으로 하세요.

# live rules and comparison
# 학습 작업에 대한 labguide 자체 규칙(src/app/rules.rs)입니다. 실시간 보기에서 Debugger
# 결과가 있던 자리에 표시하며, 그 아래에 이 단계의 학습 작업 비교표(실습 3)를 둡니다.

live-rules-found = 문제: { $rules }
live-labguide-rules = 규칙:
rule-status-not-enough-data = 데이터 부족
rule-status-no-issues = 정상
rule-status-issues-found = 문제 발견
rule-loss-not-decreasing = { $metric } 값이 더 이상 내려가지 않습니다. 최근 { $points }개 포인트의 평균은 { $recent }, 그 전 { $points }개는 { $before }입니다. 학습 후반에 평평해졌다면 에포크를 더 돌려도 나아지지 않으니 일찍 멈추거나 에포크 수를 줄이세요. 처음부터 내려가지 않았다면 학습률(--lr)을 낮추고 레이블이 데이터와 맞는지 확인하세요.
rule-overfit = { $train } 값은 계속 내려가는데 { $test } 값은 가장 낮았던 { $best }에서 { $last }까지 올랐습니다. 모델이 학습 데이터를 외우고 있다는 뜻입니다. 가장 좋았던 에포크에서 멈추거나(조기 종료), 에포크 수를 줄이거나, 데이터 증강이나 가중치 감쇠를 더하세요.
rule-low-gpu = { $host }의 GPU 사용률이 학습 마지막 { $minutes }분 동안 GPU당 평균 { $percent }%로 { $threshold }%에 못 미칩니다. GPU가 데이터를 기다리고 있습니다. 데이터 로더의 워커 수(--workers)를 늘리거나 배치 크기(--batch-size)를 키우세요. 그래도 그대로라면 더 작은 인스턴스로도 같은 속도를 더 싸게 낼 수 있습니다.
rule-stalled = 작업이 { $status } 상태인데 { $minutes }분 동안 새 지표도 로그도 없습니다. 스크립트가 멈췄을 수 있습니다(호스트끼리 서로 기다리거나 다운로드가 걸린 경우). 마지막 로그를 살펴보고, 그래도 움직임이 없으면 작업을 중지하세요. 멈춰 있는 동안에도 요금은 계속 나갑니다.
compare-job = 작업
compare-status = 상태
compare-settings = 설정
compare-wall = 경과 시간
compare-throughput = { $metric } 평균
compare-accuracy-final = { $metric } 최종
compare-accuracy-last = { $metric } 현재
compare-cost = 지금까지 비용
compare-waiting = 시작 전
compare-price-unknown = 가격 모름

# Copying a code block (y)
help-copy = 보이는 코드 블록 복사 (한 번 더 누르면 다음 블록)
key-copy = 코드 복사
help-by-hand = 이 단계를 직접 하는 방법 (콘솔과 CLI)
key-by-hand = 직접 하기
by-hand-title = 직접 하기: { $step }
notice-no-by-hand = 이 단계는 설명만 있어 직접 할 일이 없습니다.
notice-by-hand-copied = 보이는 코드 블록을 클립보드에 복사했습니다(터미널이 허용하는 경우).
key-next-code = 다음 블록
code-title = 코드 블록 { $index }/{ $total }
code-sent = 클립보드로 보냈습니다(OSC 52). 붙여 넣어지지 않으면 아래 줄을 선택해 복사하세요.
code-more = { $count }줄은 화면에 다 들어가지 않습니다. 클립보드에는 모두 있고, 창을 키우면 보입니다.
notice-no-code = 이 단계에는 복사할 코드 블록이 없습니다.
notice-actions-first = 먼저 이 단계의 실행 항목을 실행하세요(Enter). 실행 항목이 성공하기 전에는 이 단계를 마쳤는지 계정에서 알 수 없습니다.
diag-avoided-term = "{ $found }"은(는) 이 워크숍에서 쓰지 않는 말입니다. "{ $instead }"(으)로 쓰세요(content/terminology.toml).
diag-locale-duplicate = 메시지 { $id }이(가) 두 번 정의되어 있습니다. 처음 것만 쓰이므로 두 번째 것을 지우거나 이름을 바꾸세요.

## labguide class
class-sim-only = --sim-learners는 시뮬레이션 AWS에서만 수업을 연습합니다. --aws와 --profile을 빼고 실행하세요.
class-no-account = 계정을 알 수 없어 수업 버킷 이름을 정할 수 없습니다. AWS 자격 증명을 확인한 뒤 다시 시도하세요.
class-empty = 이 계정에 진행 상황을 올린 수강생이 아직 없습니다. 수강생의 labguide는 이니셜을 입력한 뒤부터 진행 상황을 올립니다(--no-publish로 실행하지 않는 한).
class-col-learner = 수강생
class-col-step = 단계
class-col-done = 완료
class-col-on-step = 머문 시간
class-col-state = 상태
class-col-cost = 사용 중
class-stuck-failing = 막힘: { $check } 실패 중
class-stuck = 막힘: 이 단계에 오래 머묾
class-failing = { $check } 실패 중
class-fine = 순조로움
class-minutes = { $minutes }분
class-summary = 수강생 { $learners }명, 막힌 사람 { $stuck }명. 수업 전체 리소스 요금은 시간당 ${ $total }입니다.
class-looking = 수업을 살펴보는 중…
class-keys = j/k 스크롤   PgUp/PgDn 페이지   r 지금 다시 보기   q 종료
class-cleanup-active-one = { $initials }({ $minutes }분 전)
class-cleanup-active = 최근 { $minutes }분 안에 수강생 { $count }명의 labguide가 진행 상황을 새로 남겼습니다. 아직 실습 중일 수 있습니다: { $who }. 마무리하도록(정리 단계를 끝내거나 labguide를 종료) 안내한 뒤 다시 실행하거나, --force를 붙여 실행하세요.
class-cleanup-skipped = { $initials }은(는) 제외합니다: { $why }
class-cleanup-learner = { $initials }: 이 수강생의 리소스 { $count }개를 삭제합니다(작업은 중지합니다):
class-cleanup-shared = 수업 전체가 함께 쓰는 리소스 { $count }개는 모든 수강생의 몫을 지운 뒤 마지막에 삭제합니다:
class-cleanup-buckets = 워크숍 버킷은 안에 다른 것이 남아 있지 않을 때만 마지막에 삭제합니다.
class-cleanup-foreign = 어느 수강생의 규칙으로도 그 사람 것이 아닌 리소스 { $count }개는 건드리지 않습니다:
class-cleanup-unchecked = 권한이 없어 조회하지 못한 항목이 { $count }개 있어, 그 안의 리소스는 지워졌다고 확인할 수 없습니다:
class-cleanup-nothing = { $learners ->
    [0] 이 계정에 수강생의 워크숍이 없고, 수업 전체가 쓰던 리소스도 남아 있지 않습니다.
   *[other] 수강생 { $learners }명의 워크숍에서 삭제할 것이 남아 있지 않습니다.
}
class-cleanup-confirm = 수강생별로 모두 삭제한 뒤 수업 전체가 쓰는 리소스도 삭제할까요? 계정의 다른 것은 건드리지 않습니다. [y/N]
class-cleanup-part = ── { $initials } ──
class-cleanup-part-shared = ── 수업 공용 ──
class-cleanup-learner-done = { $initials }: { $deleted }개 삭제(시간당 ${ $usd }{ $unknown ->
    [yes] {" "}및 가격을 모르는 것
   *[no] {""}
} 요금이 더는 나가지 않음). 이 수강생의 리소스는 남아 있지 않습니다.
class-cleanup-learner-none = { $initials }: 이 수강생의 리소스는 처음부터 없었습니다.
class-cleanup-learner-left = { $initials }: 이 수강생의 리소스 { $count }개가 아직 남아 있습니다:
class-cleanup-shared-done = 공용: { $deleted }개 삭제. 수업 전체가 쓰던 리소스는 남아 있지 않습니다.
class-cleanup-shared-left = 공용: 리소스 { $count }개가 아직 남아 있습니다:
class-cleanup-all-gone = 이 계정에 수업의 워크숍 리소스가 남아 있지 않습니다(수강생 { $learners }명, 리소스 { $deleted }개 삭제).
class-cleanup-some-left = 위의 리소스 { $count }개가 아직 남아 있습니다. 몇 분 뒤 labguide class cleanup을 다시 실행하거나 콘솔에서 삭제하세요.
class-cleanup-interrupted = 중단했습니다. 아직 삭제하지 못한 것은 그대로 있으니 labguide class cleanup을 다시 실행해 마무리하세요.

## labguide notes
notes-waiting = 발표 중인 labguide를 기다리는 중…
notes-budget = { $section }: { $minutes }분 중 { $spent }분
notes-spent = { $section }: { $spent }분
notes-none = 이 단계에는 강사 노트가 없습니다.
notes-start-presenter = 다른 터미널에서 같은 상태 폴더({ $dir })로 labguide를 실행하세요. 노트가 그 화면을 따라갑니다.
notes-keys = j/k 스크롤   PgUp/PgDn 페이지   q 종료   (발표 화면을 따라가는 중)
notes-keys-waiting = q 종료   (발표 화면을 1초마다 찾는 중)
