package regtest

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// District is a county-level division of Wuhan with its code and office.
type District struct {
	Code, Name string
}

// Districts are Wuhan's districts, where the sample holders are registered.
var Districts = []District{
	{"420102", "江岸区"}, {"420103", "江汉区"}, {"420104", "硚口区"}, {"420105", "汉阳区"},
	{"420106", "武昌区"}, {"420107", "青山区"}, {"420111", "洪山区"}, {"420112", "东西湖区"},
	{"420114", "蔡甸区"}, {"420115", "江夏区"}, {"420116", "黄陂区"}, {"420117", "新洲区"},
}

// birthRegions are the places the sample people were born (ID prefixes).
var birthRegions = []string{
	"420102", "420106", "420111", "420116", "420502", "420602", "421002", "421102",
	"422801", "411302", "410105", "430103", "360102", "500101", "340104",
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢")

var givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红志文斌浩宇欣怡晨鑫博婷雪琳思远嘉慧")

// RareNames are real given names with characters outside the common set;
// they are valid and must never be rejected.
var RareNames = []string{"刘䶮", "陈堃", "张喆", "王赟", "李珺"}

var streets = []string{
	"解放大道", "中山大道", "建设大道", "京汉大道", "沿江大道", "武珞路", "珞喻路", "雄楚大道",
	"汉阳大道", "鹦鹉大道", "和平大道", "友谊大道", "民族大道", "光谷大道", "常青路", "发展大道",
}

var shopWords = []string{"鑫", "福", "顺", "兴", "隆", "汇", "佳", "味", "香", "源", "和", "美", "康", "盛"}

// Name returns a plausible two- or three-character Chinese name.
func Name(rng *rand.Rand) string {
	n := string(surnames[rng.IntN(len(surnames))]) + string(givenChars[rng.IntN(len(givenChars))])
	if rng.IntN(3) > 0 {
		n += string(givenChars[rng.IntN(len(givenChars))])
	}
	return n
}

// Address returns a street address in a district of Wuhan.
func Address(rng *rand.Rand, d District) string {
	a := fmt.Sprintf("湖北省武汉市%s%s%d号", d.Name, streets[rng.IntN(len(streets))], 1+rng.IntN(1200))
	if rng.IntN(2) == 0 {
		a += fmt.Sprintf("%d栋%d层", 1+rng.IntN(12), 1+rng.IntN(30))
	}
	return a
}

// ShopName returns the name of a small food business.
func ShopName(rng *rand.Rand, d District, kind string) string {
	w := shopWords[rng.IntN(len(shopWords))] + shopWords[rng.IntN(len(shopWords))]
	return fmt.Sprintf("武汉市%s%s%s", d.Name, w, kind)
}

// Birth returns a birth date between 1960 and 2002.
func Birth(rng *rand.Rand) time.Time {
	return time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(42*365))
}

// BirthRegion returns a division code for an ID's birthplace.
func BirthRegion(rng *rand.Rand) string { return birthRegions[rng.IntN(len(birthRegions))] }

// Date returns a day between from and from+days.
func Date(rng *rand.Rand, from time.Time, days int) time.Time {
	return from.AddDate(0, 0, rng.IntN(days))
}
